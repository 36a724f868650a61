/** Writing events into the outbox, inside the caller's transaction. */

import { type Executor, plainQuery } from "../db/index.ts";
import { injectTraceHeaders } from "../trace/index.ts";

/** One statement for any number of rows (one text, so one prepared statement per connection). */
const INSERT_ROWS =
  "insert into outbox (id, subject, payload, headers) select * from unnest($1::uuid[], $2::text[], $3::text[]::jsonb[], $4::text[]::jsonb[])";

/** An event to write to the outbox: its subject and its payload. */
export interface OutgoingMessage {
  subject: string;
  payload: unknown;
  /** The trace context it carries ({@link traceHeaders}, taken where it was decided); the active one if absent. */
  headers?: Record<string, string>;
}

/** The active trace context as outbox headers, for a message written later in the same transaction. */
export function traceHeaders(): Record<string, string> {
  return injectTraceHeaders({});
}

/**
 * Adds an event to the outbox in the caller's transaction; the relay publishes it after commit.
 * The active trace context goes with it, so consumers continue the trace of the change.
 * Returns the event's id (also its message id on the bus).
 */
export async function enqueue(tx: Executor, subject: string, payload: unknown): Promise<string> {
  const [id] = await enqueueAll(tx, [{ subject, payload }]);
  return id as string;
}

/**
 * Adds several events to the outbox in one statement, in the caller's transaction (as
 * {@link enqueue} does each); resolves their ids in the same order. Nothing is written for none.
 */
export async function enqueueAll(tx: Executor, messages: readonly OutgoingMessage[]): Promise<string[]> {
  if (messages.length === 0) return [];
  const active = JSON.stringify(injectTraceHeaders({}));
  const ids: string[] = [];
  const subjects: string[] = [];
  const payloads: string[] = [];
  const headers: string[] = [];
  for (const message of messages) {
    ids.push(crypto.randomUUID());
    subjects.push(message.subject);
    payloads.push(JSON.stringify(message.payload));
    headers.push(message.headers ? JSON.stringify(message.headers) : active);
  }
  await plainQuery(tx, INSERT_ROWS, [ids, subjects, payloads, headers]);
  return ids;
}
