/** The registry's variables, read by every service and the composer. */
import { z } from "zod";

/** Registry settings from the environment (all optional: defaults fit both modes). */
export const registryEnv = z.object({
  /** The NATS KV bucket of the distributed mode. */
  REGISTRY_BUCKET: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, { error: "expected a KV bucket name (letters, digits, _ and -)" })
    .default("tessera_registry"),
  /** How long an entry lives without renewal. */
  REGISTRY_LEASE_MS: z.coerce
    .number({ error: "expected a duration in milliseconds" })
    .int()
    .positive()
    .default(10_000),
  /** The URL this instance registers (defaults: its listen URL, or `http://<service>:<port>` on 0.0.0.0). */
  REGISTRY_ADVERTISE_URL: z.string().url({ error: "expected an absolute http(s) URL" }).optional(),
});
export type RegistryEnv = z.infer<typeof registryEnv>;
