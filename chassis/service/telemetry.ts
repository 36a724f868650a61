/**
 * The request middleware every service and the composer share: a SERVER span continuing the
 * caller's trace, one log line per request and the RED metrics, all labelled with the route
 * that matched (not the raw path, so metrics stay bounded).
 */
import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { Logger } from "pino";
import type { Metrics } from "../metrics/index.ts";
import {
  context,
  extractTraceContext,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
  withTracer,
} from "../trace/index.ts";

export interface TelemetryOptions {
  log: Logger;
  tracer: Tracer;
  metrics: Metrics;
  /** Paths that are not logged at info level (health probes, metrics scrapes). */
  quietPaths?: string[];
}

/** Traces, logs and counts every request. */
export function telemetry(options: TelemetryOptions): MiddlewareHandler {
  const quiet = new Set(options.quietPaths ?? ["/health/live", "/health/ready", "/metrics"]);
  return async (c, next) => {
    const started = performance.now();
    const parent = extractTraceContext(c.req.raw.headers, context.active());
    const method = c.req.method;
    const path = c.req.path;
    const span = options.tracer.startSpan(
      `${method} ${path}`,
      { kind: SpanKind.SERVER, attributes: { "http.request.method": method, "url.path": path } },
      parent,
    );
    const ctx = withTracer(options.tracer, trace.setSpan(parent, span));
    await context.with(ctx, async () => {
      try {
        await next();
      } finally {
        const route = routePath(c, -1) || path;
        const status = c.res.status;
        const seconds = (performance.now() - started) / 1000;
        span.updateName(`${method} ${route}`);
        span.setAttribute("http.route", route);
        span.setAttribute("http.response.status_code", status);
        if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        const labels = { method, route, status: String(status) };
        options.metrics.httpRequests.inc(labels);
        options.metrics.httpDuration.observe(labels, seconds);
        const level = status >= 500 ? "error" : quiet.has(path) ? "debug" : "info";
        // the line is built only when its level is logged (warn and above in production)
        if (options.log.isLevelEnabled(level))
          options.log[level](
            { method, route, path, status, duration_ms: Math.round(seconds * 1e4) / 10 },
            status >= 500 ? "request failed" : "request",
          );
        const { traceId, spanId } = span.spanContext();
        try {
          c.res.headers.set("traceresponse", `00-${traceId}-${spanId}-01`);
        } catch {
          // a proxied upstream response keeps immutable headers
        }
        span.end();
      }
    });
  };
}
