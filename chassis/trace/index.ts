/**
 * Distributed tracing with OpenTelemetry. Each service gets its own tracer provider (so spans
 * carry the right `service.name` even when several services share one process); the active
 * span travels through `AsyncLocalStorage`, and W3C `traceparent` crosses HTTP and NATS headers.
 *
 * @example
 * const tracing = createTracing({ service: "catalog", version: "1.0.0" });
 * await withSpan("load product", () => repo.find(sku), { tracer: tracing.tracer });
 */
import {
  type Attributes,
  type Context,
  context,
  createContextKey,
  INVALID_SPANID,
  INVALID_TRACEID,
  propagation,
  type Span,
  type SpanContext,
  SpanKind,
  SpanStatusCode,
  type TextMapGetter,
  type TextMapSetter,
  TraceFlags,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
  TracerProvider,
} from "@opentelemetry/sdk-trace";
import { childContext, randomHex } from "./child-context.ts";
import { otlpTraceExporter } from "./otlp-exporter.ts";

export { childContext } from "./child-context.ts";
export {
  type Attributes,
  type Context,
  context,
  type Span,
  type SpanContext,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
};

const TRACER_KEY = createContextKey("tessera.tracer");
let installed = false;

/** Installs the async context manager and the W3C propagator once per process. */
export function installTracingGlobals(): void {
  if (installed) return;
  installed = true;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
}

export interface TracingOptions {
  service: string;
  version: string;
  /** Base URL of an OTLP/HTTP collector; spans go to `<endpoint>/v1/traces`. */
  otlpEndpoint?: string;
  /** Further exporters (tests pass an in-memory one); exported synchronously. */
  exporters?: SpanExporter[];
  /** Further span processors (the ops service adds its collector here). */
  processors?: SpanProcessor[];
}

export interface Tracing {
  tracer: Tracer;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** A tracer provider for one service. */
export function createTracing(options: TracingOptions): Tracing {
  installTracingGlobals();
  const processors: SpanProcessor[] = [...(options.processors ?? [])];
  for (const exporter of options.exporters ?? []) processors.push(new SimpleSpanProcessor({ exporter }));
  if (options.otlpEndpoint) {
    const url = `${options.otlpEndpoint.replace(/\/$/, "")}/v1/traces`;
    processors.push(new BatchSpanProcessor({ exporter: otlpTraceExporter(url) }));
  }
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ "service.name": options.service, "service.version": options.version }),
    spanProcessors: processors,
  });
  const tracer = provider.getTracer(options.service, options.version);
  if (processors.length > 0) exporting.add(tracer);
  return {
    tracer,
    forceFlush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}

const exporting = new WeakSet<Tracer>();

/**
 * Whether the spans of `tracer` go anywhere (a collector, ops, a test's exporter): false for a
 * service with none, and for the no-op tracer. Fine-grained spans (one per query) are skipped
 * when nobody would see them; the spans that carry the trace across services are always made.
 */
export function isExporting(tracer: Tracer): boolean {
  return exporting.has(tracer);
}

/** A context in which `tracer` is the one that chassis parts (db, http, bus) use. */
export function withTracer(tracer: Tracer, ctx: Context = context.active()): Context {
  return ctx.setValue(TRACER_KEY, tracer);
}

/** The tracer of the service whose work is running now (a no-op tracer outside any). */
export function activeTracer(): Tracer {
  return (context.active().getValue(TRACER_KEY) as Tracer | undefined) ?? trace.getTracer("tessera");
}

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  tracer?: Tracer;
  /** The parent context; the active one when omitted. */
  parent?: Context;
}

/**
 * Runs `fn` inside a new active span, ending it when `fn` settles; a thrown error marks the
 * span as failed and is rethrown. When `tracer` exports nothing, the span is a non-recording one
 * with its own ids ({@link childContext}): the trace context still travels, nothing is recorded.
 */
export async function withSpan<T>(
  name: string,
  fn: (span: Span) => Promise<T> | T,
  options: SpanOptions = {},
) {
  const parent = options.parent ?? context.active();
  const tracer = options.tracer ?? activeTracer();
  if (!isExporting(tracer)) {
    const child = childContext(parent);
    const ctx = parent.getValue(TRACER_KEY) === tracer ? child : withTracer(tracer, child);
    return context.with(ctx, () => fn(trace.getSpan(child) as Span));
  }
  const span = tracer.startSpan(name, { kind: options.kind, attributes: options.attributes }, parent);
  // the parent usually names this tracer already: one context copy instead of two
  const withParentSpan = trace.setSpan(parent, span);
  const ctx = parent.getValue(TRACER_KEY) === tracer ? withParentSpan : withTracer(tracer, withParentSpan);
  try {
    return await context.with(ctx, () => fn(span));
  } catch (error) {
    markFailed(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/**
 * Opens a span under `parent` without making it active: for work that passes its trace context by
 * hand (a composer's span per fragment, whose `traceparent` goes out with {@link traceHeadersOf}).
 * When the tracer exports, a recording span; else a non-recording one with its own id under the
 * parent's trace (a new trace when the parent has none), made without any `Context` object. The
 * caller ends it.
 */
export function openSpan(name: string, parent: Context, options: Omit<SpanOptions, "parent"> = {}): Span {
  const tracer = options.tracer ?? (parent.getValue(TRACER_KEY) as Tracer | undefined) ?? activeTracer();
  if (isExporting(tracer))
    return tracer.startSpan(name, { kind: options.kind, attributes: options.attributes }, parent);
  const above = trace.getSpanContext(parent);
  const valid = above !== undefined && above.traceId !== INVALID_TRACEID;
  return trace.wrapSpanContext({
    traceId: valid ? above.traceId : randomHex(32),
    spanId: randomHex(16),
    traceFlags: valid ? above.traceFlags : TraceFlags.SAMPLED,
    traceState: valid ? above.traceState : undefined,
  });
}

/** The W3C `traceparent` (and `tracestate`, when there is one) naming `span` as the caller. */
export function traceHeadersOf(span: Span): Record<string, string> {
  const { traceId, spanId, traceFlags, traceState } = span.spanContext();
  const headers: Record<string, string> = {
    traceparent: `00-${traceId}-${spanId}-${traceFlags === TraceFlags.SAMPLED ? "01" : (traceFlags & 0xff).toString(16).padStart(2, "0")}`,
  };
  const state = traceState?.serialize();
  if (state) headers.tracestate = state;
  return headers;
}

/** Records an error on a span and marks the span failed. */
export function markFailed(span: Span, error: unknown): void {
  const err = error instanceof Error ? error : new Error(String(error));
  span.recordException(err);
  span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
}

/**
 * The ids of the active span, for log lines and pages. A span's ids are valid or all zeros (the
 * no-op tracer's): the SDK, the propagator and {@link childContext} make or check them.
 */
export function currentTraceIds(): { trace_id: string; span_id: string } | undefined {
  const span = trace.getSpan(context.active());
  if (!span) return undefined;
  const ids = span.spanContext();
  if (ids.traceId === INVALID_TRACEID || ids.spanId === INVALID_SPANID) return undefined;
  return { trace_id: ids.traceId, span_id: ids.spanId };
}

const headersSetter: TextMapSetter<Headers> = { set: (carrier, key, value) => carrier.set(key, value) };
const headersGetter: TextMapGetter<Headers> = {
  get: (carrier, key) => carrier.get(key) ?? undefined,
  keys: (carrier) => [...carrier.keys()],
};
const recordSetter: TextMapSetter<Record<string, string>> = {
  set: (carrier, key, value) => {
    carrier[key] = value;
  },
};
const recordGetter: TextMapGetter<Record<string, string>> = {
  get: (carrier, key) => carrier[key],
  keys: (carrier) => Object.keys(carrier),
};

/** Writes the active (or given) context's `traceparent`/`tracestate` into `headers`. */
export function injectTraceHeaders<H extends Headers | Record<string, string>>(
  headers: H,
  ctx = context.active(),
): H {
  installTracingGlobals();
  if (headers instanceof Headers) propagation.inject(ctx, headers, headersSetter);
  else propagation.inject(ctx, headers as Record<string, string>, recordSetter);
  return headers;
}

/** The context carried by incoming headers (HTTP or message), parented on the root context. */
export function extractTraceContext(
  headers: Headers | Record<string, string>,
  base = context.active(),
): Context {
  installTracingGlobals();
  if (headers instanceof Headers) return propagation.extract(base, headers, headersGetter);
  return propagation.extract(base, headers, recordGetter);
}
