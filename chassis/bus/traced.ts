/**
 * Spans for messaging, shared by every bus: a PRODUCER span whose `traceparent` goes into the
 * message headers, and a CONSUMER span continuing the publisher's trace.
 *
 * A service whose tracer exports nothing (`isExporting`: no collector, no ops, no test exporter)
 * gets no span objects — nobody would see them — but the same trace context: a new span id under
 * the parent's trace id (a new trace when there is none), in the headers of what it publishes and
 * active while a handler runs, so logs and the outbox rows it writes continue the trace.
 */
import { type Context, TraceFlags, trace } from "@opentelemetry/api";
import {
  activeTracer,
  context,
  extractTraceContext,
  injectTraceHeaders,
  isExporting,
  SpanKind,
  withSpan,
} from "../trace/index.ts";
import type { BusMessage } from "./types.ts";

/** Runs `publish` in a producer span with the trace context added to `headers`. */
export function tracedPublish<T>(
  subject: string,
  id: string,
  headers: Record<string, string>,
  publish: (headers: Record<string, string>) => Promise<T>,
): Promise<T> {
  if (!isExporting(activeTracer())) {
    return publish(injectTraceHeaders({ ...headers }, childContext(context.active())));
  }
  return withSpan(`publish ${subject}`, () => publish(injectTraceHeaders({ ...headers })), {
    kind: SpanKind.PRODUCER,
    attributes: { "messaging.destination.name": subject, "messaging.message.id": id },
  });
}

/** Runs `handle` in a consumer span whose parent is the context the message carries. */
export function tracedConsume(
  durable: string,
  message: BusMessage,
  handle: () => Promise<void>,
): Promise<void> {
  const parent = extractTraceContext(message.headers, context.active());
  if (!isExporting(activeTracer())) return context.with(childContext(parent), handle);
  return withSpan(`consume ${message.subject}`, handle, {
    kind: SpanKind.CONSUMER,
    parent,
    attributes: {
      "messaging.destination.name": message.subject,
      "messaging.consumer.group.name": durable,
      "messaging.message.id": message.id,
      "messaging.message.delivery_count": message.deliveryCount,
    },
  });
}

/**
 * `parent` with a new span of its trace active — the ids only, nothing recorded: what a span
 * nobody exports would have put into headers and log lines.
 */
export function childContext(parent: Context): Context {
  const above = trace.getSpanContext(parent);
  const valid = above !== undefined && trace.isSpanContextValid(above);
  return trace.setSpan(
    parent,
    trace.wrapSpanContext({
      traceId: valid ? above.traceId : randomHex(32),
      spanId: randomHex(16),
      traceFlags: valid ? above.traceFlags : TraceFlags.SAMPLED,
      traceState: valid ? above.traceState : undefined,
    }),
  );
}

/** `digits` random lowercase hex digits, never all zero (an invalid id). */
function randomHex(digits: number): string {
  let out = "";
  for (let i = 0; i < digits; i += 8) {
    out += ((Math.random() * 0x1_0000_0000) >>> 0).toString(16).padStart(8, "0");
  }
  return /^0+$/.test(out) ? `${out.slice(0, -1)}1` : out;
}
