/** The Hono app every service starts from: telemetry, health, metrics and the error handler. */
import { Hono } from "hono";
import type { Logger } from "pino";
import { type HealthOptions, healthRoutes } from "../health/index.ts";
import type { Metrics } from "../metrics/index.ts";
import type { Tracer } from "../trace/index.ts";
import { errorHandler, notFoundHandler } from "./errors.ts";
import { telemetry } from "./telemetry.ts";

export interface ServiceAppOptions {
  log: Logger;
  tracer: Tracer;
  metrics: Metrics;
  health: HealthOptions;
}

/** A Hono app with `/health/live`, `/health/ready`, `/metrics` and problem+json errors. */
export function createServiceApp(options: ServiceAppOptions): Hono {
  const app = new Hono();
  app.use(telemetry(options));
  app.onError(errorHandler(options.log));
  app.notFound(notFoundHandler);
  app.route("/health", healthRoutes(options.health));
  app.get("/metrics", async (c) =>
    c.body(await options.metrics.render(), 200, { "content-type": options.metrics.contentType }),
  );
  return app;
}
