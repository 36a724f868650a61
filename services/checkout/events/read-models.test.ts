import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { MessageRejected } from "@tessera/chassis/bus";
import { PRODUCT_CHANGED, type ProductChangedV1, STOCK_CHANGED } from "@tessera/contracts/events";
import { eq } from "drizzle-orm";
import { products, stock } from "../db/schema.ts";
import { deliver, type Harness, startCheckout } from "../testing/harness.ts";
import { applyProductChanged, applyStockChanged, readModelAppliers } from "./read-models.ts";

let h: Harness;
beforeAll(async () => {
  h = await startCheckout();
});
afterAll(() => h.close());

const db = () => h.service.ctx.database.db;
const product = (overrides: Partial<ProductChangedV1> = {}): ProductChangedV1 => ({
  type: "ProductChanged",
  version: 1,
  sku: "RM-1",
  productId: "P-RM",
  name: "Read Model Tractor",
  description: "d",
  category: "classic",
  price: { amount: 1000, currency: "EUR" },
  image: "/api/catalog/images/RM-1.v1.svg",
  changedAt: "2026-01-01T00:00:00.000Z",
  ...overrides,
});
const stockChanged = (sku: string, available: number, changedAt: string) => ({
  type: "StockChanged",
  version: 1,
  sku,
  available,
  changedAt,
});
const productRow = async (sku: string) =>
  (await db().select().from(products).where(eq(products.sku, sku)))[0];

describe("checkout read models", () => {
  test("the same product-changed delivered twice - is applied once", async () => {
    const first = deliver(
      PRODUCT_CHANGED,
      product({ sku: "DUP-1", price: { amount: 5, currency: "EUR" } }),
      "pc-dup",
    );
    expect(await applyProductChanged(db(), first)).toBe(true);
    const again = deliver(
      PRODUCT_CHANGED,
      product({ sku: "DUP-1", price: { amount: 9, currency: "EUR" } }),
      "pc-dup",
    );
    expect(await applyProductChanged(db(), again)).toBe(false);
    expect((await productRow("DUP-1"))?.priceCents).toBe(5);
  });

  test("an older product change arriving after a newer one - does not overwrite it", async () => {
    await applyProductChanged(
      db(),
      deliver(PRODUCT_CHANGED, product({ sku: "ORD-1", name: "New", changedAt: "2026-02-02T00:00:00.000Z" })),
    );
    await applyProductChanged(
      db(),
      deliver(PRODUCT_CHANGED, product({ sku: "ORD-1", name: "Old", changedAt: "2026-01-01T00:00:00.000Z" })),
    );
    expect((await productRow("ORD-1"))?.name).toBe("New");
  });

  test("stock-changed - keeps the newest availability per sku", async () => {
    await applyStockChanged(
      db(),
      deliver(STOCK_CHANGED, stockChanged("ST-1", 4, "2026-01-02T00:00:00.000Z")),
    );
    await applyStockChanged(
      db(),
      deliver(STOCK_CHANGED, stockChanged("ST-1", 9, "2026-01-01T00:00:00.000Z")),
    );
    const [row] = await db().select().from(stock).where(eq(stock.sku, "ST-1"));
    expect(row?.available).toBe(4);
  });

  test("a message that does not match its contract - is rejected for the dead-letter stream and writes nothing", async () => {
    await expect(
      applyStockChanged(
        db(),
        deliver(STOCK_CHANGED, { ...stockChanged("BAD-1", -1, "2026-01-01T00:00:00.000Z") }, "sc-bad"),
      ),
    ).rejects.toBeInstanceOf(MessageRejected);
    expect(await db().select().from(stock).where(eq(stock.sku, "BAD-1"))).toHaveLength(0);
    expect(
      await applyStockChanged(
        db(),
        deliver(STOCK_CHANGED, stockChanged("BAD-1", 1, "2026-01-01T00:00:00.000Z"), "sc-bad"),
      ),
    ).toBe(true);
  });

  test("stock changes handed in together (one transaction) - each applied once, the newest per sku kept", async () => {
    const { stock: apply } = readModelAppliers(db());
    const twice = deliver(
      STOCK_CHANGED,
      stockChanged("BATCH-1", 7, "2026-03-01T00:00:00.000Z"),
      "sc-batch-1",
    );
    const outcomes = await Promise.all([
      apply(deliver(STOCK_CHANGED, stockChanged("BATCH-0", 1, "2026-03-01T00:00:00.000Z"))),
      // handed in while the one above is applied: these go together in the next transaction
      apply(twice),
      apply(deliver(STOCK_CHANGED, stockChanged("BATCH-1", 3, "2026-03-03T00:00:00.000Z"))),
      apply(deliver(STOCK_CHANGED, stockChanged("BATCH-1", 5, "2026-03-02T00:00:00.000Z"))),
      apply(deliver(STOCK_CHANGED, stockChanged("BATCH-2", 2, "2026-03-01T00:00:00.000Z"))),
      apply(twice),
    ]);
    expect(outcomes.map((o) => o.applied)).toEqual([true, true, true, true, true, false]);
    const available = async (sku: string) =>
      (await db().select().from(stock).where(eq(stock.sku, sku)))[0]?.available;
    expect(await available("BATCH-1")).toBe(3);
    expect(await available("BATCH-2")).toBe(2);
  });
});
