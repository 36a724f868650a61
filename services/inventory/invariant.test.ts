import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { COMMIT_STOCK, RELEASE_STOCK, RESERVE_STOCK } from "@tessera/contracts/events";
import { STORE_IDS } from "@tessera/contracts/reference/stores";
import { and, eq, sql } from "drizzle-orm";
import { reservationLines, reservations, stock } from "./db/schema.ts";
import { commitStock } from "./events/commit-stock.ts";
import { releaseStock } from "./events/release-stock.ts";
import { reserveStock } from "./events/reserve-stock.ts";
import { type Harness, message, reserveCommand, startInventory } from "./test-support.ts";

let h: Harness;
beforeAll(async () => {
  h = await startInventory();
});
afterAll(() => h.close());

/** A small deterministic generator (mulberry32), so a failure replays the same way. */
function generator(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SKUS = ["INV-A", "INV-B", "INV-C"];

describe("inventory — the stock invariant", () => {
  test("a long random run of reserves, releases, commits and restocks - keeps available + reserved + sold = initial + restocks per sku and store", async () => {
    const random = generator(20261125);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const expected = new Map<string, number>(); // `${sku}|${store}` → initial + restocks
    for (const sku of SKUS) {
      const plan = Object.fromEntries(STORE_IDS.map((id) => [id, Math.floor(random() * 5)]));
      await h.stockUp(sku, plan);
      for (const id of STORE_IDS) expected.set(`${sku}|${id}`, plan[id] ?? 0);
    }
    const orders: string[] = [];
    for (let step = 0; step < 120; step++) {
      const roll = random();
      if (roll < 0.45 || orders.length === 0) {
        const orderId = `ORD-INV-${step}`;
        orders.push(orderId);
        const lines = [{ sku: pick(SKUS), quantity: 1 + Math.floor(random() * 3) }];
        if (random() < 0.4) lines.push({ sku: pick(SKUS), quantity: 1 + Math.floor(random() * 2) });
        const storeId = random() < 0.5 ? pick(STORE_IDS) : undefined;
        await reserveStock(h.db, message(RESERVE_STOCK, reserveCommand(orderId, lines, storeId)));
      } else if (roll < 0.65) {
        const orderId = pick(orders);
        await releaseStock(
          h.db,
          message(RELEASE_STOCK, { type: "ReleaseStock", version: 1, orderId, reason: "test" }),
        );
      } else if (roll < 0.85) {
        const orderId = pick(orders);
        await commitStock(h.db, message(COMMIT_STOCK, { type: "CommitStock", version: 1, orderId }));
      } else {
        const sku = pick(SKUS);
        const storeId = pick(STORE_IDS);
        const quantity = 1 + Math.floor(random() * 4);
        const response = await h.service.app.request(`/api/stock/${sku}/restock`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ storeId, quantity }),
        });
        expect(response.status).toBe(200);
        expected.set(`${sku}|${storeId}`, (expected.get(`${sku}|${storeId}`) ?? 0) + quantity);
      }
    }

    for (const sku of SKUS) {
      for (const storeId of STORE_IDS) {
        const row = await h.shelf(sku, storeId);
        if (!row) throw new Error(`no stock row for ${sku} at ${storeId}`);
        expect(row.available).toBeGreaterThanOrEqual(0);
        expect(row.available + row.reserved + row.sold).toBe(expected.get(`${sku}|${storeId}`) ?? -1);
        // What is reserved on the shelf is exactly what open reservations hold there.
        const [held] = await h.db
          .select({ units: sql<number>`coalesce(sum(${reservationLines.quantity}), 0)::int` })
          .from(reservationLines)
          .innerJoin(reservations, eq(reservations.orderId, reservationLines.orderId))
          .where(
            and(
              eq(reservationLines.sku, sku),
              eq(reservationLines.storeId, storeId),
              eq(reservations.status, "reserved"),
            ),
          );
        expect(row.reserved).toBe(Number(held?.units ?? 0));
      }
    }
    // The run exercised every path.
    const statuses = new Set((await h.db.select().from(reservations)).map((r) => r.status));
    expect([...statuses].sort()).toEqual(["committed", "rejected", "released", "reserved"]);
  }, 60_000); // a limit for a slow shared machine, not an assertion about speed

  test("a write that would break the balance - is refused by the database itself", async () => {
    await h.stockUp("INV-GUARD", { "store-hamburg": 2 });
    await expect(
      h.db
        .update(stock)
        .set({ available: 5 })
        .where(and(eq(stock.sku, "INV-GUARD"), eq(stock.storeId, "store-hamburg")))
        .execute(),
    ).rejects.toThrow();
    expect(await h.shelf("INV-GUARD", "store-hamburg")).toMatchObject({ available: 2, received: 2 });
  });
});
