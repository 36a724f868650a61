import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eq, sql } from "drizzle-orm";
import { type BusMessage, MessageRejected } from "../bus/index.ts";
import { type Database, openDatabase } from "../db/index.ts";
import { context, installTracingGlobals, trace } from "../trace/index.ts";
import { batchedApplyOnce, enqueue, enqueueAll, outbox, traceHeaders } from "./index.ts";
import { processedMessages, things } from "./testing/schema.ts";

let database: Database;
beforeAll(async () => {
  database = await openDatabase({
    service: "outbox-batch-test",
    migrationsFolder: `${import.meta.dir}/testing/migrations`,
  });
});
afterAll(() => database.close());

const message = (id: string, data: unknown): BusMessage => ({
  id,
  subject: "things.counted",
  data,
  headers: {},
  deliveryCount: 1,
});

/** Counts `by` onto thing `id`; a negative `by` breaks the effect (a check the test table lacks: thrown here). */
const counting = (consumer: string, seen: string[] = []) =>
  batchedApplyOnce(database.db, consumer, {
    parse: (m) => {
      const data = m.data as { id?: unknown; by?: unknown };
      if (typeof data.id !== "string" || typeof data.by !== "number") throw new MessageRejected("bad");
      return { id: data.id, by: data.by };
    },
    handle: async (event, tx, m) => {
      if (event.by < 0) throw new Error(`cannot count ${event.by}`);
      seen.push(m.id);
      await tx
        .insert(things)
        .values({ id: event.id, count: event.by })
        .onConflictDoUpdate({ target: things.id, set: { count: sql`${things.count} + ${event.by}` } });
    },
  });

const countOf = async (id: string) =>
  (await database.db.select().from(things).where(eq(things.id, id)))[0]?.count;

describe("batchedApplyOnce()", () => {
  test("messages handed in together - each applied once, in the order they came, duplicates skipped", async () => {
    const seen: string[] = [];
    const apply = counting("batch-order", seen);
    const results = await Promise.all([
      apply(message("m1", { id: "x", by: 1 })),
      apply(message("m2", { id: "x", by: 2 })),
      apply(message("m1", { id: "x", by: 1 })), // redelivered while the first waits
      apply(message("m3", { id: "x", by: 4 })),
    ]);
    expect(results.map((r) => r.applied)).toEqual([true, true, false, true]);
    expect(seen).toEqual(["m1", "m2", "m3"]);
    expect(await countOf("x")).toBe(7);
    expect((await apply(message("m2", { id: "x", by: 2 }))).applied).toBe(false); // seen before, later
    expect(await countOf("x")).toBe(7);
    const ids = await database.db
      .select({ id: processedMessages.messageId })
      .from(processedMessages)
      .where(eq(processedMessages.consumer, "batch-order"));
    expect(ids.map((r) => r.id).sort()).toEqual(["m1", "m2", "m3"]);
  });

  test("one failing effect among many - only that message fails; the others are applied and recorded", async () => {
    const apply = counting("batch-failure");
    const outcomes = await Promise.allSettled([
      apply(message("f1", { id: "y", by: 1 })),
      apply(message("f2", { id: "y", by: 10 })),
      apply(message("f3", { id: "y", by: -1 })),
      apply(message("f4", { id: "y", by: 100 })),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled"]);
    expect(String((outcomes[2] as PromiseRejectedResult).reason)).toContain("cannot count -1");
    expect(await countOf("y")).toBe(111);
    // the failed one was not recorded: a redelivery (fixed upstream or not) is tried again
    expect((await apply(message("f3", { id: "y", by: 1000 }))).applied).toBe(true);
    expect(await countOf("y")).toBe(1111);
  });

  test("a message that cannot match - rejected at once, nothing waits or is written", async () => {
    const apply = counting("batch-rejected");
    expect(() => apply(message("r1", { id: 1 }))).toThrow(MessageRejected);
    expect((await apply(message("r2", { id: "z", by: 3 }))).applied).toBe(true);
    expect(await countOf("z")).toBe(3);
  });

  test("an effect writing to the outbox - keeps the trace context of its own message", async () => {
    installTracingGlobals();
    const ids: Record<string, string> = {};
    const apply = batchedApplyOnce(database.db, "batch-trace", {
      parse: (m) => m.data as { n: number },
      handle: async (event, tx) => {
        ids[String(event.n)] = await enqueue(tx, "things.traced", event);
      },
    });
    const traceIds = ["0af7651916cd43dd8448eb211c80319c", "1bf7651916cd43dd8448eb211c80319d"];
    await Promise.all(
      traceIds.map((traceId, n) =>
        context.with(
          trace.setSpanContext(context.active(), { traceId, spanId: "b7ad6b7169203331", traceFlags: 1 }),
          () => apply(message(`t${n}`, { n })),
        ),
      ),
    );
    for (const [n, traceId] of traceIds.entries()) {
      const [row] = await database.db
        .select()
        .from(outbox)
        .where(eq(outbox.id, ids[String(n)] as string));
      expect(row?.headers.traceparent).toContain(traceId);
    }
  });
  test("prepare and finish - run once per transaction around the effects, with the events not applied before", async () => {
    const calls: string[] = [];
    const apply = batchedApplyOnce(database.db, "batch-prepare", {
      parse: (m) => m.data as { id: string; by: number },
      prepare: async (events) => {
        calls.push(`prepare ${events.map((e) => e.by).join(",")}`);
        return { total: 0 };
      },
      handle: async (event, _tx, _m, sum) => {
        sum.total += event.by;
        return sum.total;
      },
      finish: async (sum, tx) => {
        calls.push(`finish ${sum.total}`);
        await tx
          .insert(things)
          .values({ id: "p", count: sum.total })
          .onConflictDoUpdate({
            target: things.id,
            set: { count: sql`${things.count} + ${sum.total}` },
          });
      },
    });
    expect(await apply(message("p0", { id: "p", by: 100 }))).toEqual({ applied: true, value: 100 });
    const results = await Promise.all([
      apply(message("p1", { id: "p", by: 1 })),
      apply(message("p2", { id: "p", by: 2 })),
      apply(message("p0", { id: "p", by: 100 })), // applied before: not handed to prepare
      apply(message("p3", { id: "p", by: 4 })),
    ]);
    // each transaction: prepare with its events, effects, finish with what they gathered
    expect(results.map((r) => r.applied)).toEqual([true, true, false, true]);
    expect(calls.slice(0, 2)).toEqual(["prepare 100", "finish 100"]);
    const later = calls.slice(2);
    expect(later.filter((c, i) => c.startsWith(i % 2 === 0 ? "prepare" : "finish"))).toEqual(later);
    const prepared = later.filter((c) => c.startsWith("prepare")).flatMap((c) => c.slice(8).split(","));
    expect(prepared).toEqual(["1", "2", "4"]); // in the order they came, the one applied before left out
    expect(later.some((c) => c === "prepare 1,2,4")).toBe(true); // handed in together: one transaction
    expect(await countOf("p")).toBe(107);
  });

  test("messages gathered by the effects and written by finish - each keeps the trace context it was decided in", async () => {
    installTracingGlobals();
    const apply = batchedApplyOnce(database.db, "batch-gathered-trace", {
      parse: (m) => m.data as { n: number },
      prepare: async () => [] as { subject: string; payload: unknown; headers: Record<string, string> }[],
      handle: async (event, _tx, _m, gathered) => {
        gathered.push({ subject: "things.gathered", payload: event, headers: traceHeaders() });
      },
      finish: async (gathered, tx) => void (await enqueueAll(tx, gathered)),
    });
    const traceIds = [
      "2af7651916cd43dd8448eb211c80319c",
      "3bf7651916cd43dd8448eb211c80319d",
      "4cf7651916cd43dd8448eb211c80319e",
    ];
    await Promise.all(
      traceIds.map((traceId, n) =>
        context.with(
          trace.setSpanContext(context.active(), { traceId, spanId: "b7ad6b7169203331", traceFlags: 1 }),
          () => apply(message(`g${n}`, { n })),
        ),
      ),
    );
    const rows = await database.db.select().from(outbox).where(eq(outbox.subject, "things.gathered"));
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      const { n } = row.payload as { n: number };
      expect(row.headers.traceparent).toContain(traceIds[n] as string);
    }
  });

  test("a gather window - messages arriving within it share the first one's transaction; without one the first goes alone", async () => {
    const batches = (gatherMs: number | undefined, consumer: string) => {
      const sizes: number[] = [];
      const apply = batchedApplyOnce(database.db, consumer, {
        parse: (m) => m.data as { id: string },
        prepare: async (events) => void sizes.push(events.length),
        handle: async () => {},
        gatherMs,
      });
      return { sizes, apply };
    };
    const trickle = async (apply: (m: BusMessage) => Promise<unknown>, prefix: string) => {
      const first = apply(message(`${prefix}1`, { id: "g" }));
      await Bun.sleep(5);
      await Promise.all([
        first,
        apply(message(`${prefix}2`, { id: "g" })),
        apply(message(`${prefix}3`, { id: "g" })),
      ]);
    };
    const gathered = batches(60, "batch-gather");
    await trickle(gathered.apply, "g");
    expect(gathered.sizes).toEqual([3]);
    const atOnce = batches(undefined, "batch-no-gather");
    await trickle(atOnce.apply, "n");
    expect(atOnce.sizes[0]).toBe(1);
    expect(atOnce.sizes.reduce((a, b) => a + b, 0)).toBe(3);
  });
});
