/**
 * The composer's report to the ops service: every few seconds it POSTs its identity (id, version,
 * the URL its `/metrics` is scraped at) and the state of every instance's circuit breaker to
 * `<OPS_URL>/ingest/composer`. Ops shows the breakers on its health page and scrapes the composer
 * with the services. A push, so ops needs no composer URL (the composer depends on ops, not both
 * ways). Failures are ignored: the next report carries the same, newer, state.
 */
import type { Breakers } from "./discovery/breakers.ts";
import { CircuitState } from "./discovery/breakers.ts";
import type { Discovery } from "./discovery/discovery.ts";

const STATE_NAMES: Record<CircuitState, string> = {
  [CircuitState.Closed]: "closed",
  [CircuitState.Open]: "open",
  [CircuitState.HalfOpen]: "halfOpen",
  [CircuitState.Isolated]: "isolated",
};

/** Every discovered instance with its breaker's state. */
export function breakerStates(discovery: Discovery, breakers: Breakers) {
  return discovery.services().flatMap((service) =>
    discovery.instances(service).map((instance) => ({
      instance: instance.id,
      service,
      url: instance.url,
      state: STATE_NAMES[breakers.state(instance.id)] ?? "closed",
    })),
  );
}

export interface OpsReportOptions {
  opsUrl: string;
  version: string;
  discovery: Discovery;
  breakers: Breakers;
  intervalMs?: number;
}

export interface OpsReport {
  /** The URL the composer is reached at, once it listens (`http://composer:3000` on 0.0.0.0). */
  listening(url: string, host: string): void;
  stop(): void;
}

export function startOpsReport(options: OpsReportOptions): OpsReport {
  const id = `composer-${crypto.randomUUID()}`;
  const endpoint = `${options.opsUrl.replace(/\/$/, "")}/ingest/composer`;
  let url: string | undefined;
  const send = async () => {
    if (!url) return;
    await fetch(endpoint, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        id,
        version: options.version,
        url,
        breakers: breakerStates(options.discovery, options.breakers),
      }),
      signal: AbortSignal.timeout(2000),
    })
      .then((r) => r.body?.cancel())
      .catch(() => {});
  };
  const timer = setInterval(() => void send(), options.intervalMs ?? 5000);
  (timer as { unref?: () => void }).unref?.();
  return {
    listening(listenUrl, host) {
      const u = new URL(listenUrl);
      url = host === "0.0.0.0" || host === "::" ? `http://composer:${u.port}` : u.origin;
      void send();
    },
    stop: () => clearInterval(timer),
  };
}
