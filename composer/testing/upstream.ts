/** Test support: the composer's upstream (discovery, breakers, a generous retry budget) over a registry. */
import { createHttpClient } from "@tessera/chassis/http";
import { createLogger, memoryDestination } from "@tessera/chassis/log";
import { createMetrics } from "@tessera/chassis/metrics";
import type { Registry } from "@tessera/chassis/registry";
import { createBreakers } from "../discovery/breakers.ts";
import { createDiscovery } from "../discovery/discovery.ts";
import { createRetryBudget } from "../discovery/retry-budget.ts";
import { createUpstream, type Upstream } from "../discovery/upstream.ts";

/** An upstream finding instances in `registry` (127.0.0.1 allowed); `stop` ends its discovery. */
export async function upstreamOver(registry: Registry): Promise<{ upstream: Upstream; stop: () => void }> {
  const log = createLogger({ service: "t", version: "1", destination: memoryDestination() });
  const metrics = createMetrics({ service: "t", version: "1", processMetrics: false });
  const discovery = await createDiscovery({
    registry,
    allowedHosts: new Set(["127.0.0.1"]),
    log,
    metrics,
    refreshMs: 60_000,
  });
  const upstream = createUpstream({
    discovery,
    http: createHttpClient(),
    breakers: createBreakers({ failures: 5, halfOpenAfterMs: 5000, log }),
    budget: createRetryBudget({ ratio: 1, reserve: 10 }),
  });
  return { upstream, stop: () => discovery.stop() };
}
