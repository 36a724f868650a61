import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  COMMIT_STOCK,
  RELEASE_STOCK,
  RESERVE_STOCK,
  STOCK_CHANGED,
  STOCK_REJECTED,
  STOCK_RESERVED,
  StockRejectedV1,
  StockReservedV1,
} from "@tessera/contracts/events";
import { eq } from "drizzle-orm";
import { reservationLines, reservations } from "./db/schema.ts";
import { commitStock } from "./events/commit-stock.ts";
import { releaseStock } from "./events/release-stock.ts";
import { reserveStock } from "./events/reserve-stock.ts";
import { type Harness, message, reserveCommand, startInventory } from "./test-support.ts";

let h: Harness;
beforeAll(async () => {
  h = await startInventory();
});
afterAll(() => h.close());

const forOrder = (orderId: string) => (d: Record<string, unknown>) => d.orderId === orderId;
const release = (orderId: string) => ({
  type: "ReleaseStock",
  version: 1,
  orderId,
  reason: "payment-declined",
});
const commit = (orderId: string) => ({ type: "CommitStock", version: 1, orderId });

describe("inventory — reserving stock for an order", () => {
  test("enough stock in the given store - replies StockReserved and moves the units from available to reserved there", async () => {
    await h.stockUp("RS-01", { "store-hamburg": 5, "store-berlin": 9 });
    await h.publish(
      RESERVE_STOCK,
      reserveCommand("ORD-1001", [{ sku: "RS-01", quantity: 2 }], "store-hamburg"),
    );
    const reply = await h.reply(STOCK_RESERVED, forOrder("ORD-1001"));
    expect(StockReservedV1.parse(reply.data).orderId).toBe("ORD-1001");
    expect(await h.shelf("RS-01", "store-hamburg")).toMatchObject({ available: 3, reserved: 2, sold: 0 });
    expect(await h.shelf("RS-01", "store-berlin")).toMatchObject({ available: 9, reserved: 0 });
    await h.reply(STOCK_CHANGED, (d) => d.sku === "RS-01" && d.available === 12);
    expect((await (await h.service.app.request("/api/stock/RS-01")).json()).available).toBe(12);
  });

  test("no store given and no single store with enough - reserves across stores", async () => {
    await h.stockUp("RS-02", { "store-munich": 2, "store-vienna": 1 });
    await h.publish(RESERVE_STOCK, reserveCommand("ORD-1002", [{ sku: "RS-02", quantity: 3 }]));
    await h.reply(STOCK_RESERVED, forOrder("ORD-1002"));
    const lines = await h.db.select().from(reservationLines).where(eq(reservationLines.orderId, "ORD-1002"));
    expect(lines.map((l) => [l.storeId, l.quantity]).sort()).toEqual([
      ["store-munich", 2],
      ["store-vienna", 1],
    ]);
    expect((await (await h.service.app.request("/api/stock/RS-02")).json()).status).toBe("sold-out");
  });

  test("one line short - replies StockRejected naming that sku, and reserves nothing of the other lines", async () => {
    await h.stockUp("RS-03", { "store-cologne": 10 });
    await h.stockUp("RS-04", { "store-cologne": 1 });
    await h.publish(
      RESERVE_STOCK,
      reserveCommand("ORD-1003", [
        { sku: "RS-03", quantity: 4 },
        { sku: "RS-04", quantity: 2 },
      ]),
    );
    const reply = StockRejectedV1.parse((await h.reply(STOCK_REJECTED, forOrder("ORD-1003"))).data);
    expect(reply.skus).toEqual(["RS-04"]);
    expect(reply.reason).toBe("Only 1 of RS-04 left (2 wanted).");
    expect(await h.shelf("RS-03", "store-cologne")).toMatchObject({ available: 10, reserved: 0 });
    expect(await h.shelf("RS-04", "store-cologne")).toMatchObject({ available: 1, reserved: 0 });
  });

  test("the given store short while another store has plenty - is rejected", async () => {
    await h.stockUp("RS-05", { "store-hamburg": 1, "store-berlin": 20 });
    await h.publish(
      RESERVE_STOCK,
      reserveCommand("ORD-1004", [{ sku: "RS-05", quantity: 2 }], "store-hamburg"),
    );
    const reply = StockRejectedV1.parse((await h.reply(STOCK_REJECTED, forOrder("ORD-1004"))).data);
    expect(reply.reason).toBe("Only 1 of RS-05 left at store-hamburg (2 wanted).");
  });

  test("a sku inventory does not know - is rejected as sold out", async () => {
    await h.publish(RESERVE_STOCK, reserveCommand("ORD-1005", [{ sku: "UNKNOWN-1", quantity: 1 }]));
    const reply = StockRejectedV1.parse((await h.reply(STOCK_REJECTED, forOrder("ORD-1005"))).data);
    expect(reply).toMatchObject({ skus: ["UNKNOWN-1"], reason: "UNKNOWN-1 is sold out." });
  });

  test("an unknown store - is rejected and names the store", async () => {
    await h.stockUp("RS-06", { "store-hamburg": 3 });
    await h.publish(
      RESERVE_STOCK,
      reserveCommand("ORD-1006", [{ sku: "RS-06", quantity: 1 }], "store-paris"),
    );
    const reply = StockRejectedV1.parse((await h.reply(STOCK_REJECTED, forOrder("ORD-1006"))).data);
    expect(reply.reason).toBe('There is no store "store-paris".');
  });

  test("the same command delivered twice - reserves once", async () => {
    await h.stockUp("RS-07", { "store-vienna": 5 });
    const m = message(RESERVE_STOCK, reserveCommand("ORD-1007", [{ sku: "RS-07", quantity: 2 }]));
    expect(await reserveStock(h.db, m)).toBe("reserved");
    expect(await reserveStock(h.db, m)).toBe("duplicate");
    expect(await h.shelf("RS-07", "store-vienna")).toMatchObject({ available: 3, reserved: 2 });
  });

  test("the saga sending its command again for a reserved order - repeats StockReserved without reserving more", async () => {
    const again = reserveCommand("ORD-1007", [{ sku: "RS-07", quantity: 2 }]);
    expect(await reserveStock(h.db, message(RESERVE_STOCK, again))).toBe("repeated");
    expect(await h.shelf("RS-07", "store-vienna")).toMatchObject({ available: 3, reserved: 2 });
    await h.reply(STOCK_RESERVED, forOrder("ORD-1007"));
  });

  test("a command that does not match the schema - is refused and changes nothing", async () => {
    const bad = message(RESERVE_STOCK, { ...reserveCommand("ORD-1008", []), lines: [] });
    await expect(reserveStock(h.db, bad)).rejects.toThrow();
    expect(await h.db.select().from(reservations).where(eq(reservations.orderId, "ORD-1008"))).toHaveLength(
      0,
    );
  });
});

describe("inventory — releasing and committing", () => {
  test("release after a reservation - puts the units back on the shelf and announces it", async () => {
    await h.stockUp("RL-01", { "store-berlin": 4 });
    await h.publish(RESERVE_STOCK, reserveCommand("ORD-2001", [{ sku: "RL-01", quantity: 3 }]));
    await h.reply(STOCK_RESERVED, forOrder("ORD-2001"));
    await h.publish(RELEASE_STOCK, release("ORD-2001"));
    await h.reply(STOCK_CHANGED, (d) => d.sku === "RL-01" && d.available === 4);
    expect(await h.shelf("RL-01", "store-berlin")).toMatchObject({ available: 4, reserved: 0, sold: 0 });
  });

  test("release sent twice - returns the stock once", async () => {
    expect(await releaseStock(h.db, message(RELEASE_STOCK, release("ORD-2001")))).toBe("not-reserved");
    expect(await h.shelf("RL-01", "store-berlin")).toMatchObject({ available: 4, reserved: 0 });
  });

  test("release for an order never reserved - is a no-op, and a reserve arriving after it is refused", async () => {
    await h.stockUp("RL-02", { "store-munich": 5 });
    expect(await releaseStock(h.db, message(RELEASE_STOCK, release("ORD-2002")))).toBe("unknown-order");
    await h.publish(RESERVE_STOCK, reserveCommand("ORD-2002", [{ sku: "RL-02", quantity: 1 }]));
    const reply = StockRejectedV1.parse((await h.reply(STOCK_REJECTED, forOrder("ORD-2002"))).data);
    expect(reply.reason).toBe("The order was cancelled.");
    expect(await h.shelf("RL-02", "store-munich")).toMatchObject({ available: 5, reserved: 0 });
  });

  test("commit - turns the reserved units into sold ones, availability unchanged", async () => {
    await h.stockUp("CM-01", { "store-hamburg": 6 });
    await h.publish(
      RESERVE_STOCK,
      reserveCommand("ORD-3001", [{ sku: "CM-01", quantity: 2 }], "store-hamburg"),
    );
    await h.reply(STOCK_RESERVED, forOrder("ORD-3001"));
    await h.publish(COMMIT_STOCK, commit("ORD-3001"));
    const committed = async () => (await h.shelf("CM-01", "store-hamburg"))?.sold === 2;
    const { eventually } = await import("@tessera/chassis/bus/conformance");
    await eventually(committed, 5000, "the commit");
    expect(await h.shelf("CM-01", "store-hamburg")).toMatchObject({ available: 4, reserved: 0, sold: 2 });
  });

  test("commit twice, or release after commit - changes nothing more", async () => {
    expect(await commitStock(h.db, message(COMMIT_STOCK, commit("ORD-3001")))).toBe("not-reserved");
    expect(await releaseStock(h.db, message(RELEASE_STOCK, release("ORD-3001")))).toBe("not-reserved");
    expect(await h.shelf("CM-01", "store-hamburg")).toMatchObject({ available: 4, reserved: 0, sold: 2 });
  });

  test("commit for an unknown order - is a no-op", async () => {
    expect(await commitStock(h.db, message(COMMIT_STOCK, commit("ORD-3999")))).toBe("unknown-order");
  });
});
