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
  type Context,
  childContext,
  context,
  extractTraceContext,
  isExporting,
  type Span,
  type SpanContext,
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

/** One request being served: when it started, its SERVER span (when exporting) and its context. */
export interface RequestRecord {
  started: number;
  method: string;
  path: string;
  span: Span | undefined;
  /** The request's trace context (its span, or its ids when nothing is exported) with the tracer. */
  context: Context;
  /** The `traceresponse` header naming the request's span. */
  traceresponse: string;
}

/** What {@link telemetry} does around a request, for a route served outside Hono (the composer's pages). */
export interface RequestTelemetry {
  /** Starts the request's trace (continuing the caller's `traceparent`) and its clock. */
  begin(request: Request, method: string, path: string): RequestRecord;
  /**
   * Ends it (called inside `record.context`, so the log line carries the request's ids): the span
   * named by `route`, the RED metrics, the log line; answers the `traceresponse` value.
   */
  end(record: RequestRecord, route: string, status: number): string;
}

/**
 * Traces, logs and counts requests. A service whose tracer exports nothing gets no span object —
 * the same trace context all the same (a new span id under the caller's trace), so calls it makes
 * carry `traceparent`, its log lines carry the ids and `traceresponse` names them.
 */
export function requestTelemetry(options: TelemetryOptions): RequestTelemetry {
  const quiet = new Set(options.quietPaths ?? ["/health/live", "/health/ready", "/metrics"]);
  const { log, tracer, metrics } = options;
  const exporting = isExporting(tracer);
  const labelsOf = routeLabels();
  return {
    begin(request, method, path) {
      const started = performance.now();
      const parent = extractTraceContext(request.headers, context.active());
      const span = exporting
        ? tracer.startSpan(
            `${method} ${path}`,
            { kind: SpanKind.SERVER, attributes: { "http.request.method": method, "url.path": path } },
            parent,
          )
        : undefined;
      const ctx = withTracer(tracer, span ? trace.setSpan(parent, span) : childContext(parent));
      const ids = trace.getSpanContext(ctx) as SpanContext;
      const traceresponse = `00-${ids.traceId}-${ids.spanId}-01`;
      return { started, method, path, span, context: ctx, traceresponse };
    },
    end(record, route, status) {
      const { method, path, span } = record;
      const seconds = (performance.now() - record.started) / 1000;
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
      span?.end();
      return record.traceresponse;
    },
  };
}

/** {@link requestTelemetry} as Hono middleware, labelled with the route that matched. */
export function telemetry(options: TelemetryOptions): MiddlewareHandler {
  const requests = requestTelemetry(options);
  return async (c, next) => {
    const record = requests.begin(c.req.raw, c.req.method, c.req.path);
    await context.with(record.context, async () => {
      try {
        await next();
      } finally {
        const traceresponse = requests.end(record, routePath(c, -1) || record.path, c.res.status);
        try {
          c.res.headers.set("traceresponse", traceresponse);
        } catch {
          // a proxied upstream response keeps immutable headers
        }
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
