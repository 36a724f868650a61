/**
 * Connecting a process to the ops service: one call gives the log shipper, the exception client
 * and the metrics that say how shipping goes. Nothing is created without an OPS_URL.
 */
import { createLogShipper, type LogShipper } from "../log/ship.ts";
import { Gauge, type Metrics } from "../metrics/index.ts";
import { createOpsClient, type OpsClient } from "./index.ts";

export interface OpsConnection {
  shipper: LogShipper;
  client: OpsClient;
  /** Exposes the shipper's and client's counters on the process's `/metrics`. */
  instrument(metrics: Metrics): void;
  /** Sends what is left (best effort) and stops the shipper's timer. */
  close(): Promise<void>;
}

export interface ConnectOpsOptions {
  /** OPS_URL; undefined gives undefined. */
  url: string | undefined;
  service: string;
  version: string;
  fetch?: (input: Request) => Promise<Response>;
}

/** The ops connection for a process, or undefined when OPS_URL is not set. */
export function connectOps(options: ConnectOpsOptions): OpsConnection | undefined {
  if (!options.url) return undefined;
  const base = options.url.replace(/\/$/, "");
  const shipper = createLogShipper({ url: `${base}/ingest/logs`, fetch: options.fetch });
  const client = createOpsClient({
    url: base,
    service: options.service,
    version: options.version,
    fetch: options.fetch,
  });
  return {
    shipper,
    client,
    instrument(metrics) {
      new Gauge({
        name: "tessera_log_shipping_lines",
        help: "Log lines shipped to ops, dropped (buffer full or refused) and waiting, since start",
        labelNames: ["state"] as const,
        registers: [metrics.registry],
        collect() {
          const s = shipper.stats();
          this.set({ state: "shipped" }, s.shipped);
          this.set({ state: "dropped" }, s.dropped);
          this.set({ state: "buffered" }, s.buffered);
        },
      });
      new Gauge({
        name: "tessera_exception_reports",
        help: "Exception reports sent to ops, dropped, failed after retries and queued, since start",
        labelNames: ["state"] as const,
        registers: [metrics.registry],
        collect() {
          const s = client.stats();
          this.set({ state: "sent" }, s.sent);
          this.set({ state: "dropped" }, s.dropped);
          this.set({ state: "failed" }, s.failed);
          this.set({ state: "queued" }, s.queued);
        },
      });
    },
    async close() {
      await client.flush().catch(() => {});
      await shipper.close().catch(() => {});
    },
  };
}
