/**
 * The bus conformance suite: the behaviour every {@link Bus} implementation must show. Run by
 * `in-process.test.ts` (unit tier) and by the integration tier against NATS JetStream.
 */
import { describe, expect, test } from "bun:test";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace";
import { createTracing, withSpan } from "../trace/index.ts";
import type { Bus, BusMessage } from "./types.ts";

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

/** Registers the suite; `open` gives a fresh bus with its own namespace for each test. */
export function busConformance(name: string, open: () => Promise<Bus>): void {
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

    test("a failing handler - gets the message again with a higher delivery count", async () => {
      const bus = await open();
      const counts: number[] = [];
      const sub = await bus.consume({
        durable: "c3",
        subject: "test.retry",
        handler: async (m) => {
          counts.push(m.deliveryCount);
          if (m.deliveryCount < 2) throw new Error("not yet");
        },
      });
      await bus.publish("test.retry", {}, { id: "r-1" });
      await eventually(() => counts.length >= 2, 8000, "the redelivery");
      expect(counts.slice(0, 2)).toEqual([1, 2]);
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
