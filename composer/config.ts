/**
 * The composer's configuration. The services it composes are found through the registry
 * (NATS JetStream KV at NATS_URL, or the in-memory one the embedded mode passes in): no
 * service URL is configured here.
 */
import { millis, port, serviceConfig, z } from "@tessera/chassis/config";
import { registryEnv } from "@tessera/chassis/registry";

export const composerConfig = serviceConfig
  .pick({
    HOST: true,
    SERVICE_VERSION: true,
    LOG_LEVEL: true,
    OTEL_EXPORTER_OTLP_ENDPOINT: true,
    SHUTDOWN_TIMEOUT_MS: true,
    NATS_URL: true,
    OPS_URL: true,
  })
  .extend(registryEnv.pick({ REGISTRY_BUCKET: true, REGISTRY_LEASE_MS: true }).shape)
  .extend({
    PORT: port(3000),
    /** Hosts a registered instance may be on (comma-separated); any other registration is refused. */
    REGISTRY_ALLOWED_HOSTS: z
      .string()
      .regex(/^[A-Za-z0-9.:_-]+(,\s*[A-Za-z0-9.:_-]+)*$/, {
        error: "expected a comma-separated list of host names",
      })
      .default("127.0.0.1,localhost"),
    /** How often the registry is read again besides its change notifications. */
    DISCOVERY_REFRESH_MS: millis(2000),
    /** How long a fragment may take before it counts as failed, unless its template says otherwise (Podium 1 s, Tailor 3 s). */
    FRAGMENT_TIMEOUT_MS: millis(2000),
    /** How long a form post may take (placing an order waits for the checkout saga's outcome). */
    FORM_TIMEOUT_MS: millis(15_000),
    /** How deep fragments may nest. */
    FRAGMENT_MAX_DEPTH: z.coerce.number().int().min(1).max(16).default(4),
    /** Consecutive failures that open an instance's circuit. */
    BREAKER_FAILURES: z.coerce.number().int().min(1).default(5),
    /** How long an open circuit waits before a probe. */
    BREAKER_HALF_OPEN_MS: millis(5000),
    /** Retries allowed per first attempt (a budget, not a count per request). */
    RETRY_BUDGET_RATIO: z.coerce.number().min(0).max(1).default(0.1),
    /** How many fragment answers the cache keeps. */
    FRAGMENT_CACHE_ENTRIES: z.coerce.number().int().min(0).default(2000),
    /**
     * Whether a page's fragments of one team go in one batch request when the team's manifest
     * names a batch endpoint ("true", the default); "false": one request per fragment.
     */
    FRAGMENT_BATCHES: z
      .enum(["true", "false"], { error: 'expected "true" or "false"' })
      .default("true")
      .transform((value) => value === "true"),
    /** How often team manifests are re-read. */
    MANIFEST_REFRESH_MS: millis(5000),
  });

export type ComposerConfig = ReturnType<typeof composerConfig.parse>;
