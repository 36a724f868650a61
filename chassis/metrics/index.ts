/**
 * Application metrics in the Prometheus text format: request rate, errors and duration per
 * route, process and runtime figures, and a `tessera_build_info` gauge carrying the version.
 * Each service has its own registry, so several services can share one process.
 *
 * @example
 * const metrics = createMetrics({ service: "catalog", version: "1.0.0" });
 * metrics.httpRequests.inc({ method: "GET", route: "/api/products/:sku", status: "200" });
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

export { Counter, Gauge, Histogram, Registry };

export interface Metrics {
  registry: Registry;
  httpRequests: Counter<"method" | "route" | "status">;
  httpDuration: Histogram<"method" | "route" | "status">;
  /** The metrics page body. */
  render(): Promise<string>;
  contentType: string;
}

export interface MetricsOptions {
  service: string;
  version: string;
  /** Process and runtime metrics (on by default). */
  processMetrics?: boolean;
}

/** A registry for one service with the RED metrics and the build-info gauge registered. */
export function createMetrics(options: MetricsOptions): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: options.service });
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry });
  const buildInfo = new Gauge({
    name: "tessera_build_info",
    help: "The running version of this service (always 1)",
    labelNames: ["version", "runtime"],
    registers: [registry],
  });
  buildInfo.set({ version: options.version, runtime: `bun ${Bun.version}` }, 1);
  const httpRequests = new Counter({
    name: "http_server_requests_total",
    help: "HTTP requests served, by method, route and status",
    labelNames: ["method", "route", "status"] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: "http_server_request_duration_seconds",
    help: "Time to the response headers, by method, route and status",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  return {
    registry,
    httpRequests,
    httpDuration,
    render: () => registry.metrics(),
    contentType: registry.contentType,
  };
}
