import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { outbox } from "@tessera/chassis/outbox";
import { COMMIT_STOCK, RELEASE_STOCK, RESERVE_STOCK, STOCK_CHANGED } from "@tessera/contracts/events";
import { eq, inArray } from "drizzle-orm";
import { reservations } from "./db/schema.ts";
import { commitApplier } from "./events/commit-stock.ts";
import { releaseApplier } from "./events/release-stock.ts";
import { reserveApplier } from "./events/reserve-stock.ts";
import { type Harness, message, reserveCommand, startInventory } from "./test-support.ts";

let h: Harness;
beforeAll(async () => {
  h = await startInventory();
});
afterAll(() => h.close());

/** The payloads of `subject` the outbox holds about `sku` or `orderId`. */
async function written(subject: string, where: (p: Record<string, unknown>) => boolean) {
  const rows = await h.db.select().from(outbox).where(eq(outbox.subject, subject));
  return rows.map((r) => r.payload as Record<string, unknown>).filter(where);
}

describe("inventory — commands handed in together (one transaction per batch)", () => {
  test("reserves for the same scarce sku - decided in the order they came; the one that cannot be fulfilled is rejected alone; one stock-changed with the final total", async () => {
    await h.stockUp("BT-01", { "store-hamburg": 3, "store-berlin": 2 });
    await h.stockUp("BT-02", { "store-hamburg": 10 });
    const reserve = reserveApplier(h.db);
    const first = reserve(message(RESERVE_STOCK, reserveCommand("ORD-B0", [{ sku: "BT-02", quantity: 1 }])));
    // handed in within the first one's gather window (COMMAND_GATHER_MS): one batch with it
    const outcomes = await Promise.all([
      first,
      reserve(message(RESERVE_STOCK, reserveCommand("ORD-B1", [{ sku: "BT-01", quantity: 3 }]))),
      reserve(message(RESERVE_STOCK, reserveCommand("ORD-B2", [{ sku: "BT-01", quantity: 3 }]))),
      reserve(
        message(
          RESERVE_STOCK,
          reserveCommand("ORD-B3", [
            { sku: "BT-01", quantity: 2 },
            { sku: "BT-02", quantity: 4 },
          ]),
        ),
      ),
      reserve(message(RESERVE_STOCK, reserveCommand("ORD-B1", [{ sku: "BT-01", quantity: 3 }]))), // sent again
      reserve(
        message(RESERVE_STOCK, reserveCommand("ORD-B4", [{ sku: "BT-02", quantity: 1 }], "store-nowhere")),
      ),
    ]);
    expect(outcomes).toEqual(["reserved", "reserved", "rejected", "reserved", "repeated", "rejected"]);
    expect(await h.shelf("BT-01", "store-hamburg")).toMatchObject({ available: 0, reserved: 3 });
    expect(await h.shelf("BT-01", "store-berlin")).toMatchObject({ available: 0, reserved: 2 });
    expect(await h.shelf("BT-02", "store-hamburg")).toMatchObject({ available: 5, reserved: 5 });
    const rows = await h.db
      .select()
      .from(reservations)
      .where(inArray(reservations.orderId, ["ORD-B1", "ORD-B2", "ORD-B3", "ORD-B4"]));
    expect(Object.fromEntries(rows.map((r) => [r.orderId, r.status]))).toEqual({
      "ORD-B1": "reserved",
      "ORD-B2": "rejected",
      "ORD-B3": "reserved",
      "ORD-B4": "rejected",
    });
    expect(rows.find((r) => r.orderId === "ORD-B2")?.reason).toBe("Only 2 of BT-01 left (3 wanted).");
    // BT-01 changed only in the batch: one announcement, with the total after its last order
    expect((await written(STOCK_CHANGED, (p) => p.sku === "BT-01")).map((p) => p.available)).toEqual([0]);
    // BT-02: ORD-B0 waited for the others, so one announcement for all of them too
    expect((await written(STOCK_CHANGED, (p) => p.sku === "BT-02")).map((p) => p.available)).toEqual([5]);
  });

  test("commits and releases handed in together - each order once, the stock balanced, released units announced once per sku", async () => {
    await h.stockUp("BT-03", { "store-munich": 4, "store-vienna": 4 });
    const reserve = reserveApplier(h.db);
    const orders = ["ORD-C1", "ORD-C2", "ORD-C3", "ORD-C4"];
    await Promise.all(
      orders.map((orderId) =>
        reserve(message(RESERVE_STOCK, reserveCommand(orderId, [{ sku: "BT-03", quantity: 2 }]))),
      ),
    );
    const commit = commitApplier(h.db);
    const release = releaseApplier(h.db);
    const releasing = (orderId: string) =>
      message(RELEASE_STOCK, { type: "ReleaseStock", version: 1, orderId, reason: "test" });
    const committing = (orderId: string) =>
      message(COMMIT_STOCK, { type: "CommitStock", version: 1, orderId });
    const [commits, releases] = await Promise.all([
      Promise.all(
        [committing("ORD-C1"), committing("ORD-C2"), committing("ORD-C1"), committing("ORD-C9")].map(commit),
      ),
      Promise.all(
        [releasing("ORD-C3"), releasing("ORD-C4"), releasing("ORD-C4"), releasing("ORD-C8")].map(release),
      ),
    ]);
    expect(commits).toEqual(["committed", "committed", "not-reserved", "unknown-order"]);
    expect(releases).toEqual(["released", "released", "not-reserved", "unknown-order"]);
    const munich = await h.shelf("BT-03", "store-munich");
    const vienna = await h.shelf("BT-03", "store-vienna");
    expect((munich?.sold ?? 0) + (vienna?.sold ?? 0)).toBe(4);
    expect((munich?.reserved ?? 0) + (vienna?.reserved ?? 0)).toBe(0);
    expect((munich?.available ?? 0) + (vienna?.available ?? 0)).toBe(4);
    const [late] = await h.db.select().from(reservations).where(eq(reservations.orderId, "ORD-C8"));
    expect(late).toMatchObject({ status: "released", reason: "test" });
    const [committed] = await h.db.select().from(reservations).where(eq(reservations.orderId, "ORD-C1"));
    expect(committed?.status).toBe("committed");
    const announced = (await written(STOCK_CHANGED, (p) => p.sku === "BT-03")).map((p) => p.available);
    expect(announced.at(-1)).toBe(4);
    expect(announced.filter((a) => a === 4)).toHaveLength(1); // the total after both, announced once
  });
});
