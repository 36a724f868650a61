/**
 * Outbox rows written inside a statement of checkout's own, so that a domain write and its
 * messages go in one statement (placing an order: the order, its audit entry and its two
 * messages in one round trip, no `begin`/`commit`; a saga transaction: every order it changed and
 * every message it decided in one write). The rows are what `enqueueAll`
 * (`@tessera/chassis/outbox`) writes — a new id per message, its subject, its payload, the trace
 * context it carries (the active one unless it brings its own) — into the `outbox` table of
 * checkout's database (migration 0000), which the relay publishes from.
 */
import { type OutgoingMessage, traceHeaders } from "@tessera/chassis/outbox";
import { type SQL, sql } from "drizzle-orm";

/** The messages as the columns of `outbox` rows, ids first (also their message ids on the bus). */
export function outboxRows(messages: readonly OutgoingMessage[]) {
  const active = JSON.stringify(traceHeaders());
  return {
    ids: messages.map(() => crypto.randomUUID()),
    subjects: messages.map((m) => m.subject),
    payloads: messages.map((m) => JSON.stringify(m.payload)),
    headers: messages.map((m) => (m.headers ? JSON.stringify(m.headers) : active)),
  };
}

/**
 * The rows as a `select` for `insert into outbox (id, subject, payload, headers) …`, keeping only
 * those for which `condition` (an SQL boolean, e.g. `exists (select from placed)`) holds.
 */
export function outboxSelect(rows: ReturnType<typeof outboxRows>, condition: SQL): SQL {
  return sql`select * from unnest(
      ${sql.param(rows.ids)}::uuid[], ${sql.param(rows.subjects)}::text[],
      ${sql.param(rows.payloads)}::text[]::jsonb[], ${sql.param(rows.headers)}::text[]::jsonb[]
    ) where ${condition}`;
}
