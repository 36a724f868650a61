/**
 * The ops service: one place to see the system. It receives every process's log lines
 * (`/ingest/logs`), spans (OTLP `/v1/traces`) and exceptions (`/ingest/exceptions`, grouped by
 * fingerprint, with an alert webhook), reads the registry for every instance's health and
 * metrics and every service's audit log, the fragment releases' state and deployment log, and
 * renders the ops pages the composer serves under `/ops/`. It is the telemetry sink: it never
 * ships its own logs or spans to itself.
 */
import { join } from "node:path";
import { openApiRoutes } from "@tessera/chassis/openapi";
import { openRegistry, parseAllowedHosts, type Registry } from "@tessera/chassis/registry";
import { type ReleaseStore, releaseEnvironment } from "@tessera/chassis/releases";
import { defineService } from "@tessera/chassis/service";
import { Hono } from "hono";
import { createAlerter } from "./alerts/webhook.ts";
import { createComposerBoard } from "./collect/composers.ts";
import { createSystemView } from "./collect/instances.ts";
import { opsConfig } from "./config.ts";
import { apiDocument } from "./openapi.ts";
import packageJson from "./package.json" with { type: "json" };
import { apiRoutes } from "./routes/api.ts";
import { assetRoutes, fragmentRoutes } from "./routes/fragments.ts";
import { ingestRoutes } from "./routes/ingest.ts";
import { createReads } from "./routes/reads.ts";
import { prune } from "./store/retention.ts";

export interface OpsOptions {
  /**
   * The fragment releases' store (state and deployment log). By default the running storefront's
   * (`releaseEnvironment()`: the embedded mode's file store, or the NATS one `NATS_URL`,
   * `RELEASES_BUCKET` and `RELEASES_STREAM` name in the distributed mode), opened on first read.
   */
  releases?: () => Promise<ReleaseStore>;
}

/** Defines the ops service; {@link ops} reads the storefront's release store. */
export function createOps(options: OpsOptions = {}) {
  return defineService({
    name: "ops",
    version: packageJson.version,
    config: opsConfig,
    migrationsFolder: join(import.meta.dir, "db", "migrations"),
    telemetrySink: true,
    quietPaths: ["/ingest/logs", "/ingest/exceptions", "/ingest/composer", "/v1/traces", "/v1/logs"],
    async setup(ctx) {
      const { db } = ctx.database;
      const { config } = ctx;
      const ownsRegistry = !ctx.registry && Boolean(config.NATS_URL);
      const registry: Registry | undefined =
        ctx.registry ??
        (config.NATS_URL
          ? await openRegistry({
              natsUrl: config.NATS_URL,
              bucket: config.REGISTRY_BUCKET,
              leaseMs: config.REGISTRY_LEASE_MS,
              name: "ops-registry",
            })
          : undefined);
      const composers = createComposerBoard();
      const system = createSystemView({
        registry,
        allowedHosts: parseAllowedHosts(config.REGISTRY_ALLOWED_HOSTS),
        composers,
        timeoutMs: config.OPS_PROBE_TIMEOUT_MS,
      });
      const alerter = createAlerter({
        url: config.OPS_ALERT_WEBHOOK_URL,
        publicUrl: config.OPS_PUBLIC_URL,
        log: ctx.log,
      });
      // the embedded mode shares the storefront's store (never closed here); otherwise ops opens its own
      const ownsReleases = !options.releases && Boolean(config.NATS_URL);
      let releasesOpened: Promise<ReleaseStore> | undefined;
      const environmentStore = options.releases ?? (() => releaseEnvironment().store());
      const releases = () => {
        releasesOpened ??= environmentStore().catch((error) => {
          releasesOpened = undefined;
          throw error;
        });
        return releasesOpened;
      };
      const reads = createReads(db, system, config.OPS_PROBE_TIMEOUT_MS, releases);
      let pruner: ReturnType<typeof setInterval> | undefined;
      const limits = {
        maxLogLines: config.OPS_MAX_LOG_LINES,
        maxSpans: config.OPS_MAX_SPANS,
        maxExceptionEvents: config.OPS_MAX_EXCEPTION_EVENTS,
        retentionHours: config.OPS_RETENTION_HOURS,
      };
      return {
        routes: new Hono()
          .route("/", openApiRoutes(apiDocument(ctx.version)))
          .route("/", ingestRoutes(db, alerter, ctx.log, composers))
          .route("/ops/api", apiRoutes(db, reads))
          .route("/fragments", fragmentRoutes(db, reads))
          .route("/assets", assetRoutes()),
        async start() {
          pruner = setInterval(() => {
            void ctx
              .inService(() => prune(db, limits))
              .then((removed) => {
                if (removed.logs + removed.spans + removed.exceptionEvents > 0)
                  ctx.log.info(removed, "retention: pruned");
              })
              .catch((error) => ctx.log.warn({ err: error }, "retention failed"));
          }, config.OPS_PRUNE_INTERVAL_MS);
          (pruner as { unref?: () => void }).unref?.();
        },
        async stop() {
          clearInterval(pruner);
          await alerter.idle();
          if (ownsRegistry) await registry?.close();
          if (ownsReleases && releasesOpened) await (await releasesOpened.catch(() => undefined))?.close();
        },
      };
    },
  });
}

export const ops = createOps();
