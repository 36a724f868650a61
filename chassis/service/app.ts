/**
 * The Hono app every service starts from: telemetry, security headers, the body limit, the
 * caller's identity (internal token), the operator guard on `/ops/*`, health, metrics and the
 * error handler.
 */
import { Hono, type MiddlewareHandler } from "hono";
import type { Logger } from "pino";
import { limitBody } from "../access/body-limit.ts";
import { securityHeaders } from "../access/headers.ts";
import { accessMiddleware, operatorsOnly } from "../access/principal.ts";
import type { TokenVerifier } from "../access/verify.ts";
import { type HealthOptions, healthRoutes } from "../health/index.ts";
import type { Metrics } from "../metrics/index.ts";
import type { Tracer } from "../trace/index.ts";
import { type ErrorReporter, errorHandler, notFoundHandler } from "./errors.ts";
import { telemetry } from "./telemetry.ts";

export interface ServiceAppOptions {
  log: Logger;
  tracer: Tracer;
  metrics: Metrics;
  health: HealthOptions;
  /** Reports 5xx failures (to ops when OPS_URL is set). */
  reportError?: ErrorReporter;
  /** Further paths logged at debug level only, besides health probes and metrics scrapes. */
  quietPaths?: string[];
  /** Security settings (defaults: not behind TLS, 1 MiB bodies). */
  security?: {
    behindTls?: boolean;
    bodyLimitBytes?: number;
    /** Verifies `x-tessera-identity` for this service's audience (services; not the composer). */
    verify?: TokenVerifier;
    /** What guards `/ops/*` (default: the principal must hold the operator role). */
    opsGuard?: MiddlewareHandler;
  };
}

/** A Hono app with `/health/live`, `/health/ready`, `/metrics` and problem+json errors. */
export function createServiceApp(options: ServiceAppOptions): Hono {
  const app = new Hono();
  app.use(
    telemetry({
      ...options,
      quietPaths: ["/health/live", "/health/ready", "/metrics", ...(options.quietPaths ?? [])],
    }),
  );
  const security = options.security ?? {};
  app.use(securityHeaders({ behindTls: security.behindTls ?? false }));
  app.use(limitBody(security.bodyLimitBytes ?? 1024 * 1024));
  if (security.verify) app.use(accessMiddleware(security.verify));
  const opsGuard = security.opsGuard ?? operatorsOnly;
  app.use("/ops/*", opsGuard); // also guards `/ops` itself
  app.onError(errorHandler(options.log, options.reportError));
  app.notFound(notFoundHandler);
  app.route("/health", healthRoutes(options.health));
  app.get("/metrics", async (c) =>
    c.body(await options.metrics.render(), 200, { "content-type": options.metrics.contentType }),
  );
  return app;
}
