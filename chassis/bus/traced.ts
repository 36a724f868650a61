/**
 * Spans for messaging, shared by every bus: a PRODUCER span whose `traceparent` goes into the
 * message headers, and a CONSUMER span continuing the publisher's trace.
 *
 * A service whose tracer exports nothing (`isExporting`: no collector, no ops, no test exporter)
 * gets no span objects — nobody would see them — but the same trace context: a new span id under
 * the parent's trace id (a new trace when there is none), in the headers of what it publishes and
 * active while a handler runs, so logs and the outbox rows it writes continue the trace. There,
 * a plain `traceparent` (version 00, no `tracestate`: what Tessera itself writes) is read and
 * written directly; anything else goes through OpenTelemetry's propagator as before. The
 * propagator's parsing and context copies were a visible share of the CPU per message.
 */

import { randomHex } from "../trace/child-context.ts";
import {
  activeTracer,
  childContext,
  context,
  extractTraceContext,
  injectTraceHeaders,
  isExporting,
  SpanKind,
  trace,
  withSpan,
} from "../trace/index.ts";
import type { BusMessage } from "./types.ts";

/** A version-00 `traceparent` whose ids are valid (not all zero) and whose flags are 00 or 01. */
const TRACEPARENT = /^00-(?!0{32})([0-9a-f]{32})-(?!0{16})[0-9a-f]{16}-0([01])$/;

/**
 * The ids of a new span under the headers' `traceparent` (same trace and flags, a new span id)
 * when the propagator would read it the same way and it carries nothing else (no `tracestate`);
 * undefined otherwise.
 */
function plainChild(
  headers: Record<string, string>,
): { traceId: string; spanId: string; traceFlags: number } | undefined {
  const parent = headers.traceparent;
  if (parent === undefined || headers.tracestate !== undefined) return undefined;
  const ids = TRACEPARENT.exec(parent);
  if (!ids) return undefined;
  return { traceId: ids[1] as string, spanId: randomHex(16), traceFlags: ids[2] === "1" ? 1 : 0 };
}

/** Runs `publish` in a producer span with the trace context added to `headers`. */
export function tracedPublish<T>(
  subject: string,
  id: string,
  headers: Record<string, string>,
  publish: (headers: Record<string, string>) => Promise<T>,
  /** The trace context to continue instead of the active one ({@link PublishOptions.traceContext}). */
  traceContext?: Record<string, string>,
): Promise<T> {
  if (!isExporting(activeTracer())) {
    if (traceContext) {
      const child = plainChild(traceContext);
      if (child) {
        const traceparent = `00-${child.traceId}-${child.spanId}-0${child.traceFlags}`;
        return publish({ ...headers, traceparent });
      }
      return publish(injectTraceHeaders({ ...headers }, childContext(extractTraceContext(traceContext))));
    }
    return publish(injectTraceHeaders({ ...headers }, childContext(context.active())));
  }
  const parent = traceContext ? extractTraceContext(traceContext) : undefined;
  return withSpan(`publish ${subject}`, () => publish(injectTraceHeaders({ ...headers })), {
    kind: SpanKind.PRODUCER,
    parent,
    attributes: { "messaging.destination.name": subject, "messaging.message.id": id },
  });
}

/** Runs `handle` in a consumer span whose parent is the context the message carries. */
export function tracedConsume(
  durable: string,
  message: BusMessage,
  handle: () => Promise<void>,
): Promise<void> {
  if (!isExporting(activeTracer())) {
    const child = plainChild(message.headers);
    if (child) return context.with(trace.setSpanContext(context.active(), child), handle);
    return context.with(childContext(extractTraceContext(message.headers, context.active())), handle);
  }
  const parent = extractTraceContext(message.headers, context.active());
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
