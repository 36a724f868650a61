/** Writing events into the outbox, inside the caller's transaction. */

import { type Executor, plainQuery } from "../db/index.ts";
import { injectTraceHeaders } from "../trace/index.ts";

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
 * Messages as outbox rows inside a statement of the caller's own: `text` is an `insert into outbox
 * … select … from unnest(…)` whose four parameters are numbered from `first`, `values` their values
 * in order. A domain statement includes it (as a `with` part, say) so that a change and its
 * messages go in one round trip; `text` may be followed by `where <condition>` to write the rows
 * only when the condition holds. The rows are those {@link enqueueAll} writes: a new id per message
 * (also its message id on the bus), its subject, its payload, the trace context it carries (the
 * active one unless it brings its own). One text for any number of rows, so one prepared
 * statement per connection.
 *
 * @example
 * const sent = outboxInsert(messages, 2);
 * await plainQuery(tx, `with changed as (update orders set state = 'done' where id = $1), sent as (${sent.text}) select 1`, [id, ...sent.values]);
 */
export function outboxInsert(
  messages: readonly OutgoingMessage[],
  first = 1,
): { text: string; values: [string[], string[], string[], string[]]; ids: string[] } {
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
  const text = `insert into outbox (id, subject, payload, headers) select * from unnest($${first}::uuid[], $${first + 1}::text[], $${first + 2}::text[]::jsonb[], $${first + 3}::text[]::jsonb[])`;
  return { text, values: [ids, subjects, payloads, headers], ids };
}

/**
 * Adds several events to the outbox in one statement, in the caller's transaction (as
 * {@link enqueue} does each); resolves their ids in the same order. Nothing is written for none.
 */
export async function enqueueAll(tx: Executor, messages: readonly OutgoingMessage[]): Promise<string[]> {
  if (messages.length === 0) return [];
  const rows = outboxInsert(messages);
  await plainQuery(tx, rows.text, rows.values);
  return rows.ids;
}
