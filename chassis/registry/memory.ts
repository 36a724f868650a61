/** The in-memory registry of the embedded mode: one instance shared by every service and the composer. */
import type { Registry, ServiceInstance } from "./types.ts";

export interface MemoryRegistryOptions {
  /** Lease of an entry (10 s by default). */
  leaseMs?: number;
  /** The clock (tests move it to expire leases without waiting). */
  now?: () => number;
}

/**
 * A registry held in this process.
 *
 * @example
 * const registry = createMemoryRegistry({ leaseMs: 10_000 });
 * await runService(catalog, { registry });
 */
export function createMemoryRegistry(options: MemoryRegistryOptions = {}): Registry {
  const leaseMs = options.leaseMs ?? 10_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { value: unknown; expiresAt: number }>();
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of listeners) listener();
  };
  return {
    kind: "memory",
    leaseMs,
    async put(instance: ServiceInstance) {
      entries.set(instance.id, { value: structuredClone(instance), expiresAt: now() + leaseMs });
      notify();
    },
    async remove(id) {
      if (entries.delete(id)) notify();
    },
    async entries() {
      const t = now();
      for (const [id, entry] of entries) if (entry.expiresAt <= t) entries.delete(id);
      return [...entries.values()].map((e) => structuredClone(e.value));
    },
    watch(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
    },
  };
}

/**
 * A memory registry holding one instance per service at a fixed URL, never expiring: for
 * benchmarks and tests that point the composer at known servers.
 *
 * @example
 * const registry = await createStaticRegistry({ catalog: "http://127.0.0.1:4001" });
 * const composer = await createComposer({ registry, templates });
 */
export async function createStaticRegistry(services: Record<string, string>): Promise<Registry> {
  const registry = createMemoryRegistry({ leaseMs: Number.MAX_SAFE_INTEGER / 2 });
  for (const [name, url] of Object.entries(services)) {
    await registry.put({
      id: `${name}-static`,
      name,
      version: "static",
      url: new URL(url).origin,
      health: "up",
      manifest: "/fragments/manifest.json",
      renewedAt: Date.now(),
    });
  }
  return registry;
}
