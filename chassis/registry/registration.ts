/** An instance's registration: written once, renewed within the lease, removed on graceful stop. */
import type { Logger } from "pino";
import type { Registry, ServiceInstance } from "./types.ts";

/** A live registration. */
export interface Registration {
  readonly instance: ServiceInstance;
  /** Marks the instance as draining (no new traffic) and writes it at once. */
  drain(): Promise<void>;
  /** Stops renewing and removes the entry. */
  stop(): Promise<void>;
}

export interface RegisterOptions {
  /** How often the entry is written again (a third of the lease by default). */
  renewMs?: number;
  log?: Logger;
}

/**
 * Registers `instance` and keeps renewing it until {@link Registration.stop}.
 *
 * @example
 * const registration = await register(registry, { id, name: "catalog", version, url, health: "up",
 *   manifest: "/fragments/manifest.json", renewedAt: Date.now() });
 * // … on SIGTERM
 * await registration.stop();
 */
export async function register(
  registry: Registry,
  instance: ServiceInstance,
  options: RegisterOptions = {},
): Promise<Registration> {
  let current = { ...instance, renewedAt: Date.now() };
  await registry.put(current);
  let stopped = false;
  const renew = async () => {
    if (stopped) return;
    current = { ...current, renewedAt: Date.now() };
    try {
      await registry.put(current);
    } catch (error) {
      options.log?.warn({ err: error, instance: current.id }, "cannot renew the registry lease; retrying");
    }
  };
  const timer = setInterval(() => void renew(), options.renewMs ?? Math.max(50, registry.leaseMs / 3));
  timer.unref?.();
  return {
    get instance() {
      return current;
    },
    async drain() {
      current = { ...current, health: "draining" };
      await registry.put(current).catch(() => {});
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await registry.remove(current.id).catch((error) => {
        options.log?.warn({ err: error, instance: current.id }, "cannot remove the registry entry");
      });
    },
  };
}
