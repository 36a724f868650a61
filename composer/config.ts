/** The composer's configuration. */
import { millis, port, serviceConfig, url } from "@tessera/chassis/config";

export const composerConfig = serviceConfig
  .pick({
    HOST: true,
    SERVICE_VERSION: true,
    LOG_LEVEL: true,
    OTEL_EXPORTER_OTLP_ENDPOINT: true,
    SHUTDOWN_TIMEOUT_MS: true,
  })
  .extend({
    PORT: port(3000),
    CATALOG_URL: url().default("http://127.0.0.1:3001"),
    EXPLORE_URL: url().default("http://127.0.0.1:3002"),
    /** How long a fragment may take before it counts as failed, unless its template says otherwise. */
    FRAGMENT_TIMEOUT_MS: millis(2000),
    /** How often team manifests are re-read. */
    MANIFEST_REFRESH_MS: millis(5000),
  });

export type ComposerConfig = ReturnType<typeof composerConfig.parse>;

/** The services the composer knows, by name, from the config. */
export function serviceUrls(config: ComposerConfig): Record<string, string> {
  return { catalog: config.CATALOG_URL, explore: config.EXPLORE_URL };
}
