/**
 * The bus conformance suite: the behaviour every {@link Bus} implementation must show —
 * de-duplication, durable consumers, redelivery with backoff, dead letters (after maxDeliver, on
 * rejection, on a schema mismatch through `subscribe`), replay and deletion, a consumer dying
 * before its ack, ordering, tracing. Run by `in-process/in-process.test.ts` (unit tier, in memory
 * and durable in a database) and by `tests/integration/nats-bus.test.ts` against NATS JetStream.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace";
import { z } from "zod";
import { type Database, openDatabase } from "../db/index.ts";
import { subscribe } from "../outbox/subscribe.ts";
import { createTracing, withSpan } from "../trace/index.ts";
import { type Bus, type BusMessage, type DeadLetter, MessageRejected } from "./types.ts";

/** Resolves once `predicate` holds (polling), or rejects after `timeoutMs`. */
export async function eventually(
  predicate: () => boolean | Promise<boolean>,
  timeoutMs = 5000,
  what = "condition",
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Waits for `n` dead letters of `consumer` and returns them. */
async function deadLettersOf(bus: Bus, consumer: string, n = 1): Promise<DeadLetter[]> {
  let found: DeadLetter[] = [];
  await eventually(
    async () => {
      found = await bus.deadLetters.list({ consumer });
      return found.length >= n;
    },
    8000,
    `${n} dead letter(s) of ${consumer}`,
  );
  return found;
}

/** Registers the suite; `open` gives a fresh bus with its own namespace for each test. */
export function busConformance(name: string, open: () => Promise<Bus>): void {
  let database: Database | undefined;
  /** A consumer's own database (for the idempotent consumer), opened once for the suite. */
  const consumerDb = async () => {
    database ??= await openDatabase({
      service: "bus-conformance",
      migrationsFolder: `${import.meta.dir}/../outbox/testing/migrations`,
    });
    return database.db;
  };
  afterAll(() => database?.close());

  describe(`Bus conformance: ${name}`, () => {
    test("publish then consume - delivers the message once with its id, subject and data", async () => {
      const bus = await open();
      const got: BusMessage[] = [];
      await bus.publish("test.thing-happened", { n: 1 }, { id: "m-1" });
      const sub = await bus.consume({
        durable: "c1",
        subject: "test.thing-happened",
        handler: async (m) => {
          got.push(m);
        },
      });
      await eventually(() => got.length === 1, 5000, "the delivery");
      await new Promise((r) => setTimeout(r, 100));
      expect(got).toHaveLength(1);
      expect(got[0]).toMatchObject({
        id: "m-1",
        subject: "test.thing-happened",
        data: { n: 1 },
        deliveryCount: 1,
      });
      await sub.stop();
      await bus.close();
    });

    test("the same id published twice - is dropped the second time", async () => {
      const bus = await open();
      expect((await bus.publish("test.once", { a: 1 }, { id: "dup" })).duplicate).toBe(false);
      expect((await bus.publish("test.once", { a: 2 }, { id: "dup" })).duplicate).toBe(true);
      const got: unknown[] = [];
      const sub = await bus.consume({
        durable: "c2",
        subject: "test.once",
        handler: async (m) => void got.push(m.data),
      });
      await eventually(() => got.length >= 1);
      await new Promise((r) => setTimeout(r, 150));
      expect(got).toEqual([{ a: 1 }]);
      await sub.stop();
      await bus.close();
    });

    test("a failing handler - gets the message again after its backoff, with a rising delivery count", async () => {
      const bus = await open();
      const deliveries: { count: number; at: number }[] = [];
      const asked: number[] = [];
      const sub = await bus.consume({
        durable: "c3",
        subject: "test.retry",
        backoff: (n) => {
          asked.push(n);
          return 60 * 2 ** (n - 1); // 60 ms, then 120 ms
        },
        handler: async (m) => {
          deliveries.push({ count: m.deliveryCount, at: performance.now() });
          if (m.deliveryCount < 3) throw new Error("not yet");
        },
      });
      await bus.publish("test.retry", {}, { id: "r-1" });
      await eventually(() => deliveries.length >= 3, 8000, "two redeliveries");
      await new Promise((r) => setTimeout(r, 150));
      expect(deliveries.map((d) => d.count)).toEqual([1, 2, 3]);
      expect(asked).toEqual([1, 2]);
      // each redelivery waits at least its backoff (lower bounds only: never a timing upper bound)
      const [first, second, third] = deliveries.map((d) => d.at) as [number, number, number];
      expect(second - first).toBeGreaterThanOrEqual(50);
      expect(third - second).toBeGreaterThanOrEqual(110);
      expect(await bus.deadLetters.list({ consumer: "c3" })).toEqual([]);
      await sub.stop();
      await bus.close();
    });

    test("a handler that never returns - is given up on at its deadline; the message comes again and the next ones flow", async () => {
      const bus = await open();
      const seen: string[] = [];
      const sub = await bus.consume({
        durable: "c-hang",
        subject: "test.hang",
        handlerTimeoutMs: 300,
        backoff: () => 50,
        handler: async (m) => {
          seen.push(`${m.id}#${m.deliveryCount}`);
          // the first delivery of h-1 hangs for ever, like a query on a connection that never answers
          if (m.id === "h-1" && m.deliveryCount === 1) await new Promise(() => {});
        },
      });
      await bus.publish("test.hang", {}, { id: "h-1" });
      await bus.publish("test.hang", {}, { id: "h-2" });
      await eventually(() => seen.includes("h-1#2") && seen.includes("h-2#1"), 8000, "h-1 again and h-2");
      expect(seen[0]).toBe("h-1#1");
      expect(await bus.deadLetters.list({ consumer: "c-hang" })).toEqual([]);
      await sub.stop();
      await bus.close();
    });

    test("a consumer with concurrency 4 - handles up to four messages at once, each once", async () => {
      const bus = await open();
      let running = 0;
      let most = 0;
      const done: string[] = [];
      const sub = await bus.consume({
        durable: "c-conc",
        subject: "test.parallel",
        concurrency: 4,
        handler: async (m) => {
          running++;
          most = Math.max(most, running);
          await new Promise((r) => setTimeout(r, 40));
          running--;
          done.push(m.id);
        },
      });
      for (let i = 0; i < 12; i++) await bus.publish("test.parallel", { i }, { id: `p-${i}` });
      await eventually(() => done.length === 12, 8000, "12 messages handled");
      expect(most).toBeLessThanOrEqual(4);
      expect(new Set(done).size).toBe(12);
      await sub.stop();
      await bus.close();
    });

    test("a handler failing every delivery - is dead-lettered after maxDeliver with the reason and the original message", async () => {
      const bus = await open();
      const counts: number[] = [];
      const sub = await bus.consume({
        durable: "c-dlq",
        subject: "test.poison",
        maxDeliver: 3,
        backoff: () => 10,
        handler: async (m) => {
          counts.push(m.deliveryCount);
          throw new Error(`boom ${m.deliveryCount}`);
        },
      });
      await bus.publish("test.poison", { n: 7 }, { id: "p-1", headers: { "x-test": "yes" } });
      const [dead] = await deadLettersOf(bus, "c-dlq");
      expect(dead).toMatchObject({
        consumer: "c-dlq",
        subject: "test.poison",
        messageId: "p-1",
        data: { n: 7 },
        deliveryCount: 3,
      });
      expect(dead?.headers["x-test"]).toBe("yes");
      expect(dead?.reason).toContain("boom 3");
      expect(Number.isNaN(Date.parse(dead?.deadAt ?? ""))).toBe(false);
      await new Promise((r) => setTimeout(r, 150));
      expect(counts).toEqual([1, 2, 3]);
      expect(await bus.deadLetters.get(dead?.id ?? "")).toMatchObject({ messageId: "p-1" });
      await sub.stop();
      await bus.close();
    });

    test("a handler rejecting a message - dead-letters it at once and goes on with the next", async () => {
      const bus = await open();
      const seen: string[] = [];
      const sub = await bus.consume({
        durable: "c-reject",
        subject: "test.rejected",
        handler: async (m) => {
          seen.push(`${m.id}#${m.deliveryCount}`);
          if ((m.data as { ok: boolean }).ok !== true) throw new MessageRejected("ok must be true");
        },
      });
      await bus.publish("test.rejected", { ok: false }, { id: "bad-1" });
      await bus.publish("test.rejected", { ok: true }, { id: "good-1" });
      const [dead] = await deadLettersOf(bus, "c-reject");
      await eventually(() => seen.includes("good-1#1"), 5000, "the next message");
      await new Promise((r) => setTimeout(r, 150));
      expect(dead).toMatchObject({
        messageId: "bad-1",
        deliveryCount: 1,
        reason: "rejected: ok must be true",
      });
      expect(seen).toEqual(["bad-1#1", "good-1#1"]);
      await sub.stop();
      await bus.close();
    });

    test("subscribe with a schema - a mismatching message is dead-lettered with the validation reason, a matching one applied once", async () => {
      const bus = await open();
      const db = await consumerDb();
      const durable = `c-schema-${crypto.randomUUID().slice(0, 8)}`;
      const applied: number[] = [];
      const sub = await subscribe(
        bus,
        {
          durable,
          subject: "test.typed",
          schema: z.object({ type: z.literal("Typed"), version: z.literal(1), n: z.number().int() }),
          handle: async (event) => void applied.push(event.n),
        },
        db,
      );
      await bus.publish("test.typed", { type: "Typed", version: 1, n: "three" }, { id: `${durable}-bad` });
      await bus.publish("test.typed", { type: "Typed", version: 1, n: 3 }, { id: `${durable}-good` });
      const [dead] = await deadLettersOf(bus, durable);
      await eventually(() => applied.length === 1, 5000, "the valid event");
      expect(dead).toMatchObject({ messageId: `${durable}-bad`, deliveryCount: 1 });
      expect(dead?.reason).toStartWith("rejected: test.typed");
      expect(dead?.reason).toContain("n: ");
      expect(applied).toEqual([3]);
      await sub.stop();
      await bus.close();
    });

    test("a dead letter replayed - reaches its consumer again with its original id, not the other consumers, and leaves the stream", async () => {
      const bus = await open();
      let fixed = false;
      const a: string[] = [];
      const b: string[] = [];
      const subA = await bus.consume({
        durable: "c-replay-a",
        subject: "test.replayed",
        handler: async (m) => {
          if (!fixed) throw new MessageRejected("not yet fixed");
          a.push(`${m.id}#${m.deliveryCount}`);
        },
      });
      const subB = await bus.consume({
        durable: "c-replay-b",
        subject: "test.replayed",
        handler: async (m) => void b.push(m.id),
      });
      await bus.publish("test.replayed", { v: 1 }, { id: "rp-1" });
      const [dead] = await deadLettersOf(bus, "c-replay-a");
      await eventually(() => b.length === 1, 5000, "the other consumer's delivery");
      fixed = true;
      expect(await bus.deadLetters.replay(dead?.id ?? "")).toMatchObject({ messageId: "rp-1" });
      await eventually(() => a.length === 1, 5000, "the replayed delivery");
      await new Promise((r) => setTimeout(r, 150));
      expect(a).toEqual(["rp-1#1"]);
      expect(b).toEqual(["rp-1"]);
      expect(await bus.deadLetters.list({ consumer: "c-replay-a" })).toEqual([]);
      expect(await bus.deadLetters.replay(dead?.id ?? "")).toBeUndefined();
      await subA.stop();
      await subB.stop();
      await bus.close();
    });

    test("a dead letter deleted - is gone; deleting it again says so", async () => {
      const bus = await open();
      const sub = await bus.consume({
        durable: "c-delete",
        subject: "test.deleted",
        handler: async () => {
          throw new MessageRejected("never");
        },
      });
      await bus.publish("test.deleted", {}, { id: "d-1" });
      const [dead] = await deadLettersOf(bus, "c-delete");
      expect(await bus.deadLetters.delete(dead?.id ?? "")).toBe(true);
      expect(await bus.deadLetters.get(dead?.id ?? "")).toBeUndefined();
      expect(await bus.deadLetters.delete(dead?.id ?? "")).toBe(false);
      expect(await bus.deadLetters.get("not-an-id")).toBeUndefined();
      await sub.stop();
      await bus.close();
    });

    test("a consumer that stops without acknowledging - its message goes to the durable's next consumer, delivery count 2", async () => {
      const bus = await open();
      let release = () => {};
      const hung = new Promise<void>((r) => {
        release = r;
      });
      const first: number[] = [];
      const next: number[] = [];
      const options = { durable: "c-hang", subject: "test.hang", ackWaitMs: 500 };
      const dying = await bus.consume({
        ...options,
        handler: async (m) => {
          first.push(m.deliveryCount);
          await hung; // dies here: never acknowledges
        },
      });
      await bus.publish("test.hang", {}, { id: "h-1" });
      await eventually(() => first.length === 1, 5000, "the first delivery");
      const stopping = dying.stop(); // stops taking messages; the delivery in hand stays unacknowledged
      const successor = await bus.consume({
        ...options,
        handler: async (m) => void next.push(m.deliveryCount),
      });
      await eventually(() => next.length === 1, 8000, "the redelivery to the next consumer");
      expect(first).toEqual([1]);
      expect(next).toEqual([2]);
      release();
      await stopping;
      await successor.stop();
      await bus.close();
    });

    test("a message whose consumers keep dying - is dead-lettered after maxDeliver deliveries, the handler not run again", async () => {
      const bus = await open();
      let release = () => {};
      const hung = new Promise<void>((r) => {
        release = r;
      });
      const counts: number[] = [];
      const options = { durable: "c-crashloop", subject: "test.crashloop", ackWaitMs: 300, maxDeliver: 2 };
      const handler = async (m: BusMessage) => {
        counts.push(m.deliveryCount);
        await hung; // the process dies in this handler every time
      };
      const stopping: Promise<void>[] = [];
      let sub = await bus.consume({ ...options, handler });
      await bus.publish("test.crashloop", { n: 1 }, { id: "cl-1" });
      await eventually(() => counts.length === 1, 5000, "the first delivery");
      stopping.push(sub.stop());
      sub = await bus.consume({ ...options, handler });
      await eventually(() => counts.length === 2, 8000, "the second delivery");
      stopping.push(sub.stop());
      sub = await bus.consume({ ...options, handler });
      const [dead] = await deadLettersOf(bus, "c-crashloop");
      expect(counts).toEqual([1, 2]);
      expect(dead).toMatchObject({ messageId: "cl-1", deliveryCount: 2 });
      expect(dead?.reason).toContain("without an acknowledgement");
      release();
      await Promise.all(stopping);
      await sub.stop();
      await bus.close();
    });

    test("messages on one subject - arrive in publish order; other subjects are filtered out", async () => {
      const bus = await open();
      const got: number[] = [];
      const sub = await bus.consume({
        durable: "c4",
        subject: "test.ordered",
        handler: async (m) => void got.push((m.data as { i: number }).i),
      });
      for (let i = 0; i < 20; i++) await bus.publish("test.ordered", { i }, { id: `o-${i}` });
      await bus.publish("test.other", { i: 99 }, { id: "other" });
      await eventually(() => got.length === 20, 5000, "20 deliveries");
      await new Promise((r) => setTimeout(r, 100));
      expect(got).toEqual([...Array(20).keys()]);
      await sub.stop();
      await bus.close();
    });

    test("a durable consumer stopped and resumed - gets what was published meanwhile, nothing twice", async () => {
      const bus = await open();
      const got: string[] = [];
      const handler = async (m: BusMessage) => void got.push(m.id);
      let sub = await bus.consume({ durable: "c5", subject: "test.resume", handler });
      await bus.publish("test.resume", {}, { id: "a" });
      await eventually(() => got.length === 1);
      await sub.stop();
      await bus.publish("test.resume", {}, { id: "b" });
      sub = await bus.consume({ durable: "c5", subject: "test.resume", handler });
      await eventually(() => got.length === 2, 5000, "the message published while stopped");
      await new Promise((r) => setTimeout(r, 100));
      expect(got).toEqual(["a", "b"]);
      await sub.stop();
      await bus.close();
    });

    test("trace context - travels from the publisher's span to the consumer's span", async () => {
      const bus = await open();
      const exporter = new InMemorySpanExporter();
      const { tracer } = createTracing({ service: "bus-test", version: "1", exporters: [exporter] });
      let traceparent = "";
      const sub = await bus.consume({
        durable: "c6",
        subject: "test.traced",
        handler: async (m) => {
          traceparent = m.headers.traceparent ?? "";
        },
      });
      const traceId = await withSpan(
        "origin",
        async (span) => {
          await bus.publish("test.traced", {}, { id: "t-1" });
          return span.spanContext().traceId;
        },
        { tracer },
      );
      await eventually(() => traceparent !== "", 5000, "the traced delivery");
      expect(traceparent.split("-")[1]).toBe(traceId);
      await sub.stop();
      await bus.close();
    });

    test("a bad subject - is refused with a message naming it", async () => {
      const bus = await open();
      await expect(bus.publish("Bad Subject", {}, { id: "x" })).rejects.toThrow('Bad subject "Bad Subject"');
      await bus.close();
    });
  });
}
