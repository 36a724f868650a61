/**
 * The service registry's one interface: instances write their entry and renew it within a lease;
 * readers list the live entries. An entry that is not renewed within the lease disappears.
 * Implementations: in memory (the embedded mode, one instance shared by every service and the
 * composer) and NATS JetStream KV (the distributed mode).
 */
import { z } from "zod";

/** What one running service instance publishes about itself. */
export const ServiceInstance = z.object({
  /** Unique per instance, also the entry's key (`catalog-4f1c…`). */
  id: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, { error: "expected an id of letters, digits, _ and -" }),
  /** The service's name (`catalog`). */
  name: z.string().regex(/^[a-z][a-z0-9-]{0,40}$/, { error: "expected a lower-case service name" }),
  version: z.string().min(1).max(64),
  /** The instance's base URL, without a path (`http://127.0.0.1:3001`). */
  url: z.string().refine(
    (value) => {
      try {
        const u = new URL(value);
        return (
          (u.protocol === "http:" || u.protocol === "https:") && (u.pathname === "/" || u.pathname === "")
        );
      } catch {
        return false;
      }
    },
    { error: "expected an http(s) base URL without a path" },
  ),
  /** `draining` instances receive no new traffic. */
  health: z.enum(["up", "draining"]),
  /** Path of the instance's fragment manifest. */
  manifest: z
    .string()
    .regex(/^\/[A-Za-z0-9/._-]*$/, { error: "expected an absolute path" })
    .default("/fragments/manifest.json"),
  /** When the entry was last written (ms since the epoch). */
  renewedAt: z.number().int().nonnegative(),
});
export type ServiceInstance = z.infer<typeof ServiceInstance>;

/** A registry: memory or NATS JetStream KV, the same contract. */
export interface Registry {
  readonly kind: "memory" | "nats-kv";
  /** How long an entry lives unless it is written again. */
  readonly leaseMs: number;
  /** Writes (registers or renews) an instance's entry. */
  put(instance: ServiceInstance): Promise<void>;
  /** Removes an instance's entry (graceful stop). */
  remove(id: string): Promise<void>;
  /** Every live entry as stored — unvalidated: readers check them with {@link acceptInstances}. */
  entries(): Promise<unknown[]>;
  /** Calls `listener` after an entry is written or removed; returns the unsubscribe function. */
  watch(listener: () => void): () => void;
  /** Releases the registry's connection (not the entries). */
  close(): Promise<void>;
}
