/** The ops service's configuration: the chassis defaults, listening on 3007, and what ops keeps. */
import { millis, port, serviceConfig, url, z } from "@tessera/chassis/config";
import { registryEnv } from "@tessera/chassis/registry";

const count = (fallback: number) =>
  z.coerce
    .number({ error: "expected a whole number" })
    .int({ error: "expected a whole number" })
    .min(100, { error: "expected at least 100" })
    .default(fallback);

export const opsConfig = serviceConfig
  .extend(registryEnv.pick({ REGISTRY_BUCKET: true, REGISTRY_LEASE_MS: true }).shape)
  .extend({
    PORT: port(3007),
    /** Hosts a registered instance may be on (comma-separated), as the composer reads the registry. */
    REGISTRY_ALLOWED_HOSTS: z
      .string()
      .regex(/^[A-Za-z0-9.:_-]+(,\s*[A-Za-z0-9.:_-]+)*$/, {
        error: "expected a comma-separated list of host names",
      })
      .default("127.0.0.1,localhost"),
    /** Where an alert goes (POST, JSON) when an exception is seen for the first time or comes back. */
    OPS_ALERT_WEBHOOK_URL: url().optional(),
    /** The storefront's URL, for links in alerts (`<it>/ops/exceptions`). */
    OPS_PUBLIC_URL: url().default("http://localhost:3000"),
    /** Most log lines kept (the oldest go first). */
    OPS_MAX_LOG_LINES: count(100_000),
    /** Most spans kept. */
    OPS_MAX_SPANS: count(100_000),
    /** Most exception occurrences kept (groups stay, counted). */
    OPS_MAX_EXCEPTION_EVENTS: count(10_000),
    /** Nothing older than this is kept. */
    OPS_RETENTION_HOURS: z.coerce
      .number({ error: "expected a number of hours" })
      .int()
      .positive({ error: "expected a number of hours greater than 0" })
      .default(72),
    /** How often retention runs. */
    OPS_PRUNE_INTERVAL_MS: millis(60_000),
    /** How long a scrape of an instance's /metrics or /health/ready may take. */
    OPS_PROBE_TIMEOUT_MS: millis(2000),
  });

export type OpsConfig = z.infer<typeof opsConfig>;
