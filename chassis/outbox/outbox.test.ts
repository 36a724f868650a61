import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eq, inArray, isNull } from "drizzle-orm";
import { eventually } from "../bus/conformance.ts";
import { type BusMessage, createInProcessBus } from "../bus/index.ts";
import { type Database, openDatabase } from "../db/index.ts";
import { consumeOnce, enqueue, outbox, republish, startRelay } from "./index.ts";
import { processedMessages, things } from "./testing/schema.ts";

let database: Database;
beforeAll(async () => {
  database = await openDatabase({
    service: "outbox-test",
    migrationsFolder: `${import.meta.dir}/testing/migrations`,
  });
});
afterAll(() => database.close());

describe("the transactional outbox", () => {
  test("a committed change - is published by the relay with the outbox id as message id, and marked", async () => {
    const { db } = database;
    const bus = createInProcessBus();
    const got: BusMessage[] = [];
    await bus.consume({ durable: "t1", subject: "things.changed", handler: async (m) => void got.push(m) });
    const id = await db.transaction(async (tx) => {
      await tx.insert(things).values({ id: "a", count: 1 });
      return enqueue(tx, "things.changed", { id: "a" });
    });
    const relay = startRelay({ db, bus, intervalMs: 20 });
    await eventually(() => got.length === 1, 5000, "the relayed event");
    await relay.stop();
    expect(got[0]).toMatchObject({ id, data: { id: "a" } });
    const [row] = await db.select().from(outbox).where(eq(outbox.id, id));
    expect(row?.publishedAt).toBeInstanceOf(Date);
    await bus.close();
  });

  test("a rolled-back change - leaves neither the row nor the event", async () => {
    const { db } = database;
    const before = (await db.select().from(outbox)).length;
    await expect(
      db.transaction(async (tx) => {
        await tx.insert(things).values({ id: "b", count: 1 });
        await enqueue(tx, "things.changed", { id: "b" });
        throw new Error("business rule failed");
      }),
    ).rejects.toThrow("business rule failed");
    expect(await db.select().from(things).where(eq(things.id, "b"))).toHaveLength(0);
    expect(await db.select().from(outbox)).toHaveLength(before);
  });

  test("the bus failing - keeps the event pending and publishes it once the bus is back", async () => {
    const { db } = database;
    const real = createInProcessBus();
    let down = true;
    const flaky = {
      ...real,
      publish: (...args: Parameters<typeof real.publish>) =>
        down ? Promise.reject(new Error("bus down")) : real.publish(...args),
    };
    const got: string[] = [];
    await real.consume({ durable: "t3", subject: "things.flaky", handler: async (m) => void got.push(m.id) });
    const id = await db.transaction((tx) => enqueue(tx, "things.flaky", { n: 1 }));
    const relay = startRelay({ db, bus: flaky, intervalMs: 20 });
    await new Promise((r) => setTimeout(r, 100));
    const [pending] = await db.select().from(outbox).where(eq(outbox.id, id));
    expect(pending?.publishedAt).toBeNull();
    expect(pending?.attempts).toBeGreaterThan(0);
    expect(pending?.lastError).toBe("bus down");
    down = false;
    await eventually(() => got.includes(id), 5000, "the event after recovery");
    await relay.stop();
    expect(await db.select().from(outbox).where(isNull(outbox.publishedAt))).toHaveLength(0);
    await real.close();
  });
});

describe("the relay publishing a batch at once (NATS)", () => {
  test("a publish failing mid-batch - the rows before it are marked, the rest published on a later pass", async () => {
    const { db } = database;
    const bus = createInProcessBus();
    const got: string[] = [];
    await bus.consume({ durable: "b1", subject: "things.batch", handler: async (m) => void got.push(m.id) });
    const ids = await db.transaction(async (tx) => [
      await enqueue(tx, "things.batch", { n: 1 }),
      await enqueue(tx, "things.batch", { n: 2 }),
      await enqueue(tx, "things.batch", { n: 3 }),
    ]);
    let failOnce = true;
    const natsLike = {
      ...bus,
      kind: "nats" as const,
      publish: (...args: Parameters<typeof bus.publish>) => {
        if (failOnce && args[2].id === ids[1]) {
          failOnce = false;
          return Promise.reject(new Error("no ack from the stream"));
        }
        return bus.publish(...args);
      },
    };
    const relay = startRelay({ db, bus: natsLike, intervalMs: 20 });
    await eventually(() => new Set(got).size === 3, 5000, "all three events");
    await relay.stop();
    const rows = await db.select().from(outbox).where(inArray(outbox.id, ids));
    expect(rows.every((r) => r.publishedAt instanceof Date)).toBe(true);
    expect(rows.find((r) => r.id === ids[1])?.lastError).toBe("no ack from the stream");
    await bus.close();
  });
});

describe("the outbox across crashes", () => {
  test("a relay killed between commit and publish - the next relay publishes the event, once", async () => {
    const { db } = database;
    const bus = createInProcessBus();
    const got: string[] = [];
    await bus.consume({ durable: "c1", subject: "things.crash", handler: async (m) => void got.push(m.id) });
    const id = await db.transaction((tx) => enqueue(tx, "things.crash", { n: 1 }));
    // the first relay freezes inside its publish: as good as killed before the event left
    let thaw = () => {};
    const frozen = new Promise<void>((r) => {
      thaw = r;
    });
    let reachedPublish = false;
    const dying = startRelay({
      db,
      bus: {
        ...bus,
        publish: async (...args: Parameters<typeof bus.publish>) => {
          reachedPublish = true;
          await frozen;
          return bus.publish(...args);
        },
      },
      intervalMs: 20,
    });
    await eventually(() => reachedPublish, 5000, "the first relay in its publish");
    const next = startRelay({ db, bus, intervalMs: 20 });
    await eventually(() => got.length === 1, 5000, "the event from the next relay");
    await next.stop();
    thaw(); // had the first one come back after all, its publish is a duplicate
    await dying.stop();
    await new Promise((r) => setTimeout(r, 100));
    expect(got).toEqual([id]);
    const [row] = await db.select().from(outbox).where(eq(outbox.id, id));
    expect(row?.publishedAt).toBeInstanceOf(Date);
    await bus.close();
  });

  test("a crash between publish and mark - the next relay's publish is dropped as a duplicate", async () => {
    const { db } = database;
    const bus = createInProcessBus();
    const got: string[] = [];
    await bus.consume({
      durable: "c2",
      subject: "things.unmarked",
      handler: async (m) => void got.push(m.id),
    });
    const id = await db.transaction((tx) => enqueue(tx, "things.unmarked", { n: 1 }));
    const first = startRelay({ db, bus, intervalMs: 20 });
    await eventually(() => got.length === 1, 5000, "the event");
    await first.stop();
    // the mark never committed
    await db.update(outbox).set({ publishedAt: null }).where(eq(outbox.id, id));
    const second = startRelay({ db, bus, intervalMs: 20 });
    await second.flush();
    await second.stop();
    await new Promise((r) => setTimeout(r, 100));
    expect(got).toEqual([id]);
    const [row] = await db.select().from(outbox).where(eq(outbox.id, id));
    expect(row?.publishedAt).toBeInstanceOf(Date);
    await bus.close();
  });
});

describe("outbox retention", () => {
  const day = 24 * 3_600_000;

  test("rows published before the retention period - are pruned; recent and pending rows are kept", async () => {
    const { db } = database;
    const ids = await db.transaction(async (tx) => [
      await enqueue(tx, "things.kept", { age: "old" }),
      await enqueue(tx, "things.kept", { age: "recent" }),
      await enqueue(tx, "things.kept", { age: "pending" }),
    ]);
    const [old, recent, pending] = ids as [string, string, string];
    await db
      .update(outbox)
      .set({ publishedAt: new Date(Date.now() - 8 * day) })
      .where(eq(outbox.id, old));
    await db
      .update(outbox)
      .set({ publishedAt: new Date(Date.now() - 1 * day) })
      .where(eq(outbox.id, recent));
    const bus = createInProcessBus();
    const failing = { ...bus, publish: () => Promise.reject(new Error("keep it pending")) };
    const relay = startRelay({ db, bus: failing, retentionMs: 7 * day, pruneEveryMs: day });
    expect(await relay.prune()).toBe(1);
    await relay.stop();
    const left = await db.select({ id: outbox.id }).from(outbox).where(inArray(outbox.id, ids));
    expect(left.map((r) => r.id).sort()).toEqual([recent, pending].sort());
    await bus.close();
  });

  test("republish - publishes kept events again under their original ids", async () => {
    const { db } = database;
    const bus = createInProcessBus({ duplicateWindowMs: 0 });
    const got: string[] = [];
    await bus.consume({ durable: "c3", subject: "things.again", handler: async (m) => void got.push(m.id) });
    const since = new Date(Date.now() - 1000);
    const id = await db.transaction((tx) => enqueue(tx, "things.again", { n: 1 }));
    const relay = startRelay({ db, bus, intervalMs: 20 });
    await eventually(() => got.length === 1, 5000, "the first publish");
    expect(await republish(db, { since, subject: "things.again" })).toBe(1);
    relay.nudge();
    await eventually(() => got.length === 2, 5000, "the republished event");
    await relay.stop();
    expect(got).toEqual([id, id]);
    await bus.close();
  });
});

describe("consumeOnce()", () => {
  const message = (id: string): BusMessage => ({
    id,
    subject: "things.changed",
    data: {},
    headers: {},
    deliveryCount: 1,
  });

  test("the same message twice - applies the effect once", async () => {
    const { db } = database;
    await db.insert(things).values({ id: "c", count: 0 });
    const bump = (tx: Parameters<Parameters<typeof consumeOnce>[3]>[0]) =>
      tx
        .update(things)
        .set({ count: 1 })
        .where(eq(things.id, "c"))
        .then(() => undefined);
    expect(await consumeOnce(db, "counter", message("m-1"), bump)).toBe(true);
    expect(await consumeOnce(db, "counter", message("m-1"), bump)).toBe(false);
    expect(await consumeOnce(db, "other-consumer", message("m-1"), async () => {})).toBe(true);
    const rows = await db.select().from(processedMessages).where(eq(processedMessages.messageId, "m-1"));
    expect(rows).toHaveLength(2);
  });

  test("an effect that fails - records nothing, so a redelivery applies it", async () => {
    const { db } = database;
    await expect(
      consumeOnce(db, "counter", message("m-2"), async () => {
        throw new Error("db hiccup");
      }),
    ).rejects.toThrow("db hiccup");
    expect(await consumeOnce(db, "counter", message("m-2"), async () => {})).toBe(true);
  });
});
