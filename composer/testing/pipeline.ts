/**
 * The composer's fragment pipeline (discovery → upstream → manifests → resolver) pointed at
 * fixed service URLs, without the HTTP app: for contract tests and benchmarks.
 */
import type { HttpClient } from "@tessera/chassis/http";
import type { Metrics } from "@tessera/chassis/metrics";
import { createStaticRegistry } from "@tessera/chassis/registry";
import type { Logger } from "pino";
import { createBreakers } from "../discovery/breakers.ts";
import { createDiscovery } from "../discovery/discovery.ts";
import { createRetryBudget } from "../discovery/retry-budget.ts";
import { createUpstream } from "../discovery/upstream.ts";
import { createFragmentCache } from "../fragments/cache.ts";
import { createManifestStore, type ManifestStore } from "../fragments/manifests.ts";
import { createResolver } from "../fragments/resolver.ts";

export interface PipelineOptions {
  /** Service name → base URL (its host must be 127.0.0.1 or localhost). */
  services: Record<string, string>;
  http: HttpClient;
  log: Logger;
  metrics: Metrics;
  defaultTimeoutMs: number;
  /** Cache fragment answers (off by default, so every call reaches the service). */
  cacheEntries?: number;
  /** A manifest store to use instead of reading the services' manifests. */
  manifests?: ManifestStore;
}

/**
 * @example
 * const { manifests, resolve, stop } = await fragmentPipeline({ services: { catalog: mock.url }, http, log, metrics, defaultTimeoutMs: 5000 });
 * const result = await resolve(slot, { request, url, params: {}, context: new Headers() });
 */
export async function fragmentPipeline(options: PipelineOptions) {
  const registry = await createStaticRegistry(options.services);
  const discovery = await createDiscovery({
    registry,
    allowedHosts: new Set(["127.0.0.1", "localhost"]),
    log: options.log,
    metrics: options.metrics,
    refreshMs: 60_000,
  });
  const upstream = createUpstream({
    discovery,
    http: options.http,
    breakers: createBreakers({ failures: 5, halfOpenAfterMs: 5000, log: options.log }),
    budget: createRetryBudget({ ratio: 0, reserve: 0 }),
  });
  const manifests =
    options.manifests ?? createManifestStore({ upstream, log: options.log, refreshMs: 60_000 });
  const resolve = createResolver({
    upstream,
    manifests,
    cache: createFragmentCache({ maxEntries: options.cacheEntries ?? 0 }),
    log: options.log,
    metrics: options.metrics,
    defaultTimeoutMs: options.defaultTimeoutMs,
  });
  return {
    manifests,
    resolve,
    upstream,
    stop() {
      manifests.stop();
      discovery.stop();
    },
  };
}
