/**
 * Spans for messaging, shared by every bus: a PRODUCER span whose `traceparent` goes into the
 * message headers, and a CONSUMER span continuing the publisher's trace.
 */
import { context, extractTraceContext, injectTraceHeaders, SpanKind, withSpan } from "../trace/index.ts";
import type { BusMessage } from "./types.ts";

/** Runs `publish` in a producer span with the trace context added to `headers`. */
export function tracedPublish<T>(
  subject: string,
  id: string,
  headers: Record<string, string>,
  publish: (headers: Record<string, string>) => Promise<T>,
): Promise<T> {
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
