import { describe, expect, test } from "bun:test";
import { openDatabase } from "../../db/index.ts";
import { busConformance } from "../conformance.ts";
import type { Bus } from "../types.ts";
import { createInProcessBus } from "./index.ts";

const migrationsFolder = `${import.meta.dir}/../../outbox/testing/migrations`;

busConformance("in-process, in memory", async () => createInProcessBus());

busConformance("in-process, durable in the service's database", async (): Promise<Bus> => {
  const database = await openDatabase({ service: "bus-test", migrationsFolder });
  const shared = createInProcessBus();
  const bus = await shared.connect({ service: "bus-test", db: database.db });
  return {
    ...bus,
    async close() {
      await bus.close();
      await shared.close();
      await database.close();
    },
  };
});

describe("settled()", () => {
  test("messages a slow consumer has not handled yet - settled() waits for them; then resolves at once", async () => {
    const bus = createInProcessBus();
    const handled: number[] = [];
    const subscription = await bus.consume({
      durable: "slow-reader",
      subject: "test.settled",
      handler: async (message) => {
        await Bun.sleep(20);
        handled.push((message.data as { n: number }).n);
      },
    });
    for (const n of [1, 2, 3]) await bus.publish("test.settled", { n }, { id: `settled-${n}` });
    expect(handled.length).toBeLessThan(3);
    await bus.settled();
    expect(handled).toEqual([1, 2, 3]);
    await bus.settled();
    await subscription.stop();
    await bus.close();
  });
});
