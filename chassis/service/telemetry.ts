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
    const span = options.tracer.startSpan(
      `${method} ${c.req.path}`,
      { kind: SpanKind.SERVER, attributes: { "http.request.method": method, "url.path": c.req.path } },
      parent,
    );
    const ctx = withTracer(options.tracer, trace.setSpan(parent, span));
    await context.with(ctx, async () => {
      try {
        await next();
      } finally {
        const route = routePath(c, -1) || c.req.path;
        const status = c.res.status;
        const seconds = (performance.now() - started) / 1000;
        span.updateName(`${method} ${route}`);
        span.setAttribute("http.route", route);
        span.setAttribute("http.response.status_code", status);
        if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        const labels = { method, route, status: String(status) };
        options.metrics.httpRequests.inc(labels);
        options.metrics.httpDuration.observe(labels, seconds);
        const line = { method, route, path: c.req.path, status, duration_ms: Math.round(seconds * 1e4) / 10 };
        if (status >= 500) options.log.error(line, "request failed");
        else if (quiet.has(c.req.path)) options.log.debug(line, "request");
        else options.log.info(line, "request");
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
