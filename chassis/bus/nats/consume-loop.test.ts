import { describe, expect, test } from "bun:test";
import { consumeLoop, settle } from "./consume-loop.ts";

/** A message whose connection is closed: every settling call throws, as the NATS client's does. */
function closedMessage() {
  const calls: string[] = [];
  const closed = (what: string) => () => {
    calls.push(what);
    throw new Error("CONNECTION_CLOSED");
  };
  return { calls, ack: closed("ack"), nak: closed("nak"), term: closed("term") };
}

/** An iterator of `items` that fails after them when `failWith` is given. */
async function* feed<T>(items: readonly T[], failWith?: Error): AsyncGenerator<T> {
  for (const item of items) yield item;
  if (failWith) throw failWith;
}

describe("settle", () => {
  test("acks, naks with the delay, terms with the reason", () => {
    const seen: unknown[] = [];
    const m = {
      ack: () => void seen.push("ack"),
      nak: (ms?: number) => void seen.push(["nak", ms]),
      term: (reason?: string) => void seen.push(["term", reason]),
    };
    expect(settle(m, { ack: true })).toBe(true);
    expect(settle(m, { nak: 250 })).toBe(true);
    expect(settle(m, { term: "dead" })).toBe(true);
    expect(seen).toEqual(["ack", ["nak", 250], ["term", "dead"]]);
  });

  test("on a closed connection answers false instead of throwing", () => {
    const m = closedMessage();
    expect(settle(m, { ack: true })).toBe(false);
    expect(settle(m, { nak: 1000 })).toBe(false);
    expect(settle(m, { term: "x" })).toBe(false);
    expect(m.calls).toEqual(["ack", "nak", "term"]);
  });
});

describe("consumeLoop", () => {
  for (const concurrency of [1, 4]) {
    test(`resolves when handlers throw or reject and the iterator fails (concurrency ${concurrency})`, async () => {
      const errors: unknown[] = [];
      const handled: number[] = [];
      const unhandled: unknown[] = [];
      const onUnhandled = (reason: unknown) => unhandled.push(reason);
      process.on("unhandledRejection", onUnhandled);
      try {
        await consumeLoop(
          feed([1, 2, 3, 4], new Error("iterator broke")),
          concurrency,
          (n) => {
            if (n === 1) throw new Error("thrown before any await");
            handled.push(n);
            return n === 2 ? Promise.reject(new Error("rejected")) : Promise.resolve();
          },
          (error) => errors.push((error as Error).message),
        );
        await Bun.sleep(10);
      } finally {
        process.off("unhandledRejection", onUnhandled);
      }
      expect(handled).toEqual([2, 3, 4]);
      expect(errors.sort()).toEqual(["iterator broke", "rejected", "thrown before any await"]);
      expect(unhandled).toEqual([]);
    });
  }

  test("one at a time keeps the order; more run at once up to the limit", async () => {
    const order: number[] = [];
    let running = 0;
    let most = 0;
    const handle = async (n: number) => {
      running++;
      most = Math.max(most, running);
      await Bun.sleep(5 - (n % 5));
      order.push(n);
      running--;
    };
    await consumeLoop(feed([0, 1, 2, 3, 4, 5]), 1, handle);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(most).toBe(1);
    order.length = 0;
    most = 0;
    await consumeLoop(feed([0, 1, 2, 3, 4, 5, 6, 7]), 3, handle);
    expect(order.sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
  });

  test("waits for the handlers still running when the iterator ends", async () => {
    let finished = false;
    await consumeLoop(feed([1]), 4, async () => {
      await Bun.sleep(20);
      finished = true;
    });
    expect(finished).toBe(true);
  });
});
