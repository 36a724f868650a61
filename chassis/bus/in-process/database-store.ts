/**
 * The in-process bus's store in a service's own database: its stream (`bus_messages`), its
 * durable consumers' positions (`bus_positions`) and its dead letters (`bus_dead_letters`).
 * The bus creates these tables itself when a service connects (they belong to the bus, as a
 * JetStream server's files belong to the server), so a service's migrations need not list them.
 */
import { and, asc, eq, gt, lt, sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from "drizzle-orm/pg-core";
import type { Db } from "../../db/index.ts";
import type { DeadLetter } from "../types.ts";
import { type InProcessStore, START } from "./store.ts";

export const busMessages = pgTable(
  "bus_messages",
  {
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    id: text("id").notNull(),
    subject: text("subject").notNull(),
    data: jsonb("data"),
    headers: jsonb("headers").$type<Record<string, string>>().notNull(),
    publishedAt: timestamp("published_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("bus_messages_id_idx").on(t.id)],
);

export const busPositions = pgTable(
  "bus_positions",
  {
    durable: text("durable").notNull(),
    stream: text("stream").notNull(),
    acked: bigint("acked", { mode: "number" }).notNull(),
    deliveringSeq: bigint("delivering_seq", { mode: "number" }).notNull(),
    deliveries: integer("deliveries").notNull(),
  },
  (t) => [primaryKey({ columns: [t.durable, t.stream] })],
);

export const busDeadLetters = pgTable("bus_dead_letters", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  consumer: text("consumer").notNull(),
  reason: text("reason").notNull(),
  subject: text("subject").notNull(),
  messageId: text("message_id").notNull(),
  headers: jsonb("headers").$type<Record<string, string>>().notNull(),
  data: jsonb("data"),
  deliveryCount: integer("delivery_count").notNull(),
  deadAt: timestamp("dead_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

const DDL = [
  `create table if not exists bus_messages (
    seq bigserial primary key, id text not null, subject text not null, data jsonb,
    headers jsonb not null, published_at timestamptz not null default now())`,
  "create index if not exists bus_messages_id_idx on bus_messages (id)",
  `create table if not exists bus_positions (
    durable text not null, stream text not null, acked bigint not null,
    delivering_seq bigint not null, deliveries integer not null, primary key (durable, stream))`,
  `create table if not exists bus_dead_letters (
    id bigserial primary key, consumer text not null, reason text not null, subject text not null,
    message_id text not null, headers jsonb not null, data jsonb, delivery_count integer not null,
    dead_at timestamptz not null default now())`,
];

/** Creates the bus's tables when missing and returns a store on them. */
export async function createDatabaseStore(db: Db): Promise<InProcessStore> {
  for (const statement of DDL) await db.execute(sql.raw(statement));
  const toDeadLetter = (row: typeof busDeadLetters.$inferSelect): DeadLetter => ({
    id: String(row.id),
    consumer: row.consumer,
    reason: row.reason,
    subject: row.subject,
    messageId: row.messageId,
    headers: row.headers,
    data: row.data,
    deliveryCount: row.deliveryCount,
    deadAt: row.deadAt.toISOString(),
  });
  const deadId = (id: string) => (/^\d{1,15}$/.test(id) ? Number(id) : undefined);
  return {
    append(message, windowMs) {
      return db.transaction(async (tx) => {
        // one appender at a time, so sequence order is commit order (a reader never skips a row)
        await tx.execute(sql`lock table bus_messages in share row exclusive mode`);
        const seen = await tx
          .select({ seq: busMessages.seq })
          .from(busMessages)
          .where(
            and(
              eq(busMessages.id, message.id),
              gt(busMessages.publishedAt, sql`now() - ${windowMs} * interval '1 millisecond'`),
            ),
          )
          .limit(1);
        if (seen.length > 0) return true;
        await tx.insert(busMessages).values(message);
        return false;
      });
    },
    async read(afterSeq, limit) {
      const rows = await db
        .select()
        .from(busMessages)
        .where(gt(busMessages.seq, afterSeq))
        .orderBy(asc(busMessages.seq))
        .limit(limit);
      return rows.map(({ publishedAt: _, ...m }) => m);
    },
    async prune(before) {
      const gone = await db
        .delete(busMessages)
        .where(lt(busMessages.publishedAt, before))
        .returning({ seq: busMessages.seq });
      return gone.length;
    },
    async position(durable, stream) {
      const [row] = await db
        .select()
        .from(busPositions)
        .where(and(eq(busPositions.durable, durable), eq(busPositions.stream, stream)));
      return row
        ? { acked: row.acked, deliveringSeq: row.deliveringSeq, deliveries: row.deliveries }
        : { ...START };
    },
    async savePosition(durable, stream, position) {
      await db
        .insert(busPositions)
        .values({ durable, stream, ...position })
        .onConflictDoUpdate({ target: [busPositions.durable, busPositions.stream], set: position });
    },
    async addDeadLetter(dead) {
      const { deadAt, ...rest } = dead;
      const [row] = await db
        .insert(busDeadLetters)
        .values({ ...rest, deadAt: new Date(deadAt) })
        .returning({ id: busDeadLetters.id });
      return String(row?.id);
    },
    async listDeadLetters(filter) {
      const rows = await db
        .select()
        .from(busDeadLetters)
        .where(filter.consumer ? eq(busDeadLetters.consumer, filter.consumer) : undefined)
        .orderBy(asc(busDeadLetters.id))
        .limit(filter.limit ?? 100);
      return rows.map(toDeadLetter);
    },
    async getDeadLetter(id) {
      const n = deadId(id);
      if (n === undefined) return undefined;
      const [row] = await db.select().from(busDeadLetters).where(eq(busDeadLetters.id, n));
      return row && toDeadLetter(row);
    },
    async deleteDeadLetter(id) {
      const n = deadId(id);
      if (n === undefined) return false;
      const gone = await db
        .delete(busDeadLetters)
        .where(eq(busDeadLetters.id, n))
        .returning({ id: busDeadLetters.id });
      return gone.length > 0;
    },
  };
}
