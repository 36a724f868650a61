/**
 * Client-side discovery: the composer's view of the registry. Entries are validated and only
 * hosts on the allowlist are accepted (a refused entry is logged once and counted). The view is
 * refreshed when the registry reports a change and on an interval (leases expire silently).
 */
import { Counter, type Metrics } from "@tessera/chassis/metrics";
import { acceptInstances, type Registry, type ServiceInstance } from "@tessera/chassis/registry";
import type { Logger } from "pino";

/** The live instances per service, as the composer sees them. */
export interface Discovery {
  /** Instances of `service` (up and draining), in a stable order. */
  instances(service: string): ServiceInstance[];
  /** The services with at least one instance. */
  services(): string[];
  /** Reads the registry again now. */
  refresh(): Promise<void>;
  stop(): void;
}

export interface DiscoveryOptions {
  registry: Registry;
  allowedHosts: Set<string>;
  log: Logger;
  metrics: Metrics;
  refreshMs: number;
}

/** Starts discovering; resolves once the first read of the registry is done. */
export async function createDiscovery(options: DiscoveryOptions): Promise<Discovery> {
  const rejectedTotal = new Counter({
    name: "composer_registry_rejected_total",
    help: "Registry entries the composer refused (invalid, or a host not on the allowlist)",
    labelNames: ["reason"] as const,
    registers: [options.metrics.registry],
  });
  let byService = new Map<string, ServiceInstance[]>();
  const reported = new Set<string>();
  let running: Promise<void> | undefined;
  let again = false;

  async function read(): Promise<void> {
    const { accepted, rejected } = acceptInstances(await options.registry.entries(), options.allowedHosts);
    for (const { entry, reason } of rejected) {
      const key = `${JSON.stringify(entry)}|${reason}`;
      if (reported.has(key)) continue;
      reported.add(key);
      rejectedTotal.inc({ reason: reason.startsWith("host") ? "host-not-allowed" : "invalid" });
      options.log.warn({ entry, reason }, "registry entry refused");
    }
    const next = new Map<string, ServiceInstance[]>();
    for (const instance of accepted.sort((a, b) => a.id.localeCompare(b.id))) {
      const list = next.get(instance.name) ?? [];
      list.push(instance);
      next.set(instance.name, list);
    }
    byService = next;
  }

  async function refresh(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await read().catch((error) => options.log.warn({ err: error }, "cannot read the service registry"));
      } while (again);
    })().finally(() => {
      running = undefined;
    });
    return running;
  }

  await refresh();
  const unwatch = options.registry.watch(() => void refresh());
  const timer = setInterval(() => void refresh(), options.refreshMs);
  timer.unref?.();
  return {
    instances: (service) => byService.get(service) ?? [],
    services: () => [...byService.keys()],
    refresh,
    stop() {
      unwatch();
      clearInterval(timer);
    },
  };
}
