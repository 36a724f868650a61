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
  childContext,
  context,
  extractTraceContext,
  isExporting,
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

/**
 * Traces, logs and counts every request. A service whose tracer exports nothing gets no span
 * object — the same trace context all the same (a new span id under the caller's trace), so
 * calls it makes carry `traceparent`, its log lines carry the ids and `traceresponse` names them.
 */
export function telemetry(options: TelemetryOptions): MiddlewareHandler {
  const quiet = new Set(options.quietPaths ?? ["/health/live", "/health/ready", "/metrics"]);
  const { log, tracer, metrics } = options;
  const exporting = isExporting(tracer);
  const labelsOf = routeLabels();
  return async (c, next) => {
    const started = performance.now();
    const parent = extractTraceContext(c.req.raw.headers, context.active());
    const method = c.req.method;
    const path = c.req.path;
    const span = exporting
      ? tracer.startSpan(
          `${method} ${path}`,
          { kind: SpanKind.SERVER, attributes: { "http.request.method": method, "url.path": path } },
          parent,
        )
      : undefined;
    const ctx = withTracer(tracer, span ? trace.setSpan(parent, span) : childContext(parent));
    await context.with(ctx, async () => {
      try {
        await next();
      } finally {
        const route = routePath(c, -1) || path;
        const status = c.res.status;
        const seconds = (performance.now() - started) / 1000;
        if (span) {
          span.updateName(`${method} ${route}`);
          span.setAttribute("http.route", route);
          span.setAttribute("http.response.status_code", status);
          if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        }
        const labels = labelsOf(method, route, status);
        metrics.httpRequests.inc(labels);
        metrics.httpDuration.observe(labels, seconds);
        const level = status >= 500 ? "error" : quiet.has(path) ? "debug" : "info";
        // the line is built only when its level is logged (warn and above in production)
        if (log.isLevelEnabled(level))
          log[level](
            { method, route, path, status, duration_ms: Math.round(seconds * 1e4) / 10 },
            status >= 500 ? "request failed" : "request",
          );
        const ids = trace.getSpanContext(ctx);
        try {
          if (ids) c.res.headers.set("traceresponse", `00-${ids.traceId}-${ids.spanId}-01`);
        } catch {
          // a proxied upstream response keeps immutable headers
        }
        span?.end();
      }
    });
  };
}

type RouteLabels = { method: string; route: string; status: string };

/** One label object per method, route and status (bounded: routes are the app's patterns). */
function routeLabels(): (method: string, route: string, status: number) => RouteLabels {
  const known = new Map<string, RouteLabels>();
  return (method, route, status) => {
    const key = `${status} ${method} ${route}`;
    let labels = known.get(key);
    if (!labels) {
      labels = { method, route, status: String(status) };
      // an unmatched path is its own route (the 404s): keep the map bounded all the same
      if (known.size >= 10_000) known.clear();
      known.set(key, labels);
    }
    return labels;
  };
}
