/**
 * Spans for messaging, shared by every bus: a PRODUCER span whose `traceparent` goes into the
 * message headers, and a CONSUMER span continuing the publisher's trace.
 *
 * A service whose tracer exports nothing (`isExporting`: no collector, no ops, no test exporter)
 * gets no span objects — nobody would see them — but the same trace context: a new span id under
 * the parent's trace id (a new trace when there is none), in the headers of what it publishes and
 * active while a handler runs, so logs and the outbox rows it writes continue the trace.
 */
import {
  activeTracer,
  childContext,
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
