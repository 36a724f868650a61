/**
 * The teams' fragment manifests, read from an instance of each service found through discovery
 * (at the manifest path the instance registered) and kept in memory; re-read in the background so
 * a team's new version is seen without restarting the composer. A service that cannot be reached
 * keeps its last good manifest.
 */
import { FragmentManifest } from "@tessera/contracts/fragment-manifest";
import type { Logger } from "pino";
import type { Upstream } from "../discovery/upstream.ts";

export interface ManifestStore {
  get(service: string): Promise<FragmentManifest | undefined>;
  /** The manifest held now, without loading one (a new object whenever it was re-read). */
  peek?(service: string): FragmentManifest | undefined;
  stop(): void;
}

export interface ManifestStoreOptions {
  upstream: Upstream;
  log: Logger;
  refreshMs: number;
}

export function createManifestStore(options: ManifestStoreOptions): ManifestStore {
  const cache = new Map<
    string,
    { manifest?: FragmentManifest; loading?: Promise<FragmentManifest | undefined> }
  >();

  async function load(service: string): Promise<FragmentManifest | undefined> {
    const instance = options.upstream.pick(service);
    if (!instance) return cache.get(service)?.manifest;
    try {
      const { response } = await options.upstream.fetch(service, instance.manifest, {
        headers: { accept: "application/json" },
        timeoutMs: 2000,
        spanName: `manifest ${service}`,
      });
      if (!response.ok) throw new Error(`answered ${response.status}`);
      const manifest = FragmentManifest.parse(await response.json());
      cache.set(service, { manifest });
      return manifest;
    } catch (error) {
      options.log.warn(
        { err: error, service },
        "cannot read the fragment manifest; keeping the last good one",
      );
      return cache.get(service)?.manifest;
    }
  }

  const timer = setInterval(() => {
    for (const service of cache.keys()) void load(service);
  }, options.refreshMs);
  timer.unref?.();

  return {
    async get(service) {
      const entry = cache.get(service);
      if (entry?.manifest) return entry.manifest;
      if (entry?.loading) return entry.loading;
      const loading = load(service);
      cache.set(service, { loading });
      const manifest = await loading;
      if (!manifest) cache.delete(service);
      return manifest;
    },
    peek: (service) => cache.get(service)?.manifest,
    stop: () => clearInterval(timer),
  };
}
