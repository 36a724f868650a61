/**
 * Checkout's read models of other teams' data, each applied once per message (idempotent
 * consumer) and never letting an older change overwrite a newer one (events may arrive late):
 * product names, prices and images from `catalog.product-changed`, availability from
 * `inventory.stock-changed`.
 */

import type { BusMessage } from "@tessera/chassis/bus";
import type { Db, Tx } from "@tessera/chassis/db";
import { applyOnce, batchedApplyOnce, parseMessage } from "@tessera/chassis/outbox";
import { ProductChangedV1, StockChangedV1 } from "@tessera/contracts/events";
import { sql } from "drizzle-orm";
import { products, stock } from "../db/schema.ts";

export const PRODUCTS_CONSUMER = "checkout-products";
export const STOCK_CONSUMER = "checkout-stock";
/** Read-model messages handed to their applier at once (they wait for it, then go in one transaction). */
export const READ_MODEL_BATCH = 64;

/**
 * Parses and applies a `catalog.product-changed`; resolves false when it was applied before.
 * A message that does not match the schema throws `MessageRejected` (dead-lettered at once).
 */
export async function applyProductChanged(db: Db, message: BusMessage): Promise<boolean> {
  return applyOnce(db, PRODUCTS_CONSUMER, { schema: ProductChangedV1, handle: upsertProduct }, message);
}

async function upsertProduct(event: ProductChangedV1, tx: Tx): Promise<void> {
  const row = {
    sku: event.sku,
    productId: event.productId,
    name: event.name,
    priceCents: event.price.amount,
    currency: event.price.currency,
    image: event.image,
    changedAt: new Date(event.changedAt),
  };
  await tx
    .insert(products)
    .values(row)
    .onConflictDoUpdate({
      target: products.sku,
      set: row,
      setWhere: sql`${products.changedAt} <= excluded.changed_at`,
    });
}

/** Parses and applies an `inventory.stock-changed`; resolves false when it was applied before. */
export async function applyStockChanged(db: Db, message: BusMessage): Promise<boolean> {
  return applyOnce(db, STOCK_CONSUMER, { schema: StockChangedV1, handle: upsertStock }, message);
}

async function upsertStock(event: StockChangedV1, tx: Tx): Promise<void> {
  const row = { sku: event.sku, available: event.available, changedAt: new Date(event.changedAt) };
  await tx
    .insert(stock)
    .values(row)
    .onConflictDoUpdate({
      target: stock.sku,
      set: row,
      setWhere: sql`${stock.changedAt} <= excluded.changed_at`,
    });
}

/**
 * The read models' appliers for the bus: messages that arrive while one transaction applies
 * others are applied together in the next one, in the order they came (group commit); each
 * resolves after its commit, true when applied, false when it was applied before.
 */
export function readModelAppliers(db: Db) {
  return {
    products: batchedApplyOnce(db, PRODUCTS_CONSUMER, {
      parse: (m) => parseMessage(ProductChangedV1, m),
      handle: upsertProduct,
    }),
    stock: batchedApplyOnce(db, STOCK_CONSUMER, {
      parse: (m) => parseMessage(StockChangedV1, m),
      handle: upsertStock,
    }),
  };
}
