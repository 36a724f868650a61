/**
 * Checkout's read models of other teams' data, each applied once per message (idempotent
 * consumer) and never letting an older change overwrite a newer one (events may arrive late):
 * product names, prices and images from `catalog.product-changed`, availability from
 * `inventory.stock-changed`.
 */

import type { BusMessage } from "@tessera/chassis/bus";
import type { Db, Executor } from "@tessera/chassis/db";
import { applyOnce, batchedApplyOnce, parseMessage } from "@tessera/chassis/outbox";
import { ProductChangedV1, StockChangedV1 } from "@tessera/contracts/events";
import { sql } from "drizzle-orm";

export const PRODUCTS_CONSUMER = "checkout-products";
export const STOCK_CONSUMER = "checkout-stock";
/** Read-model messages handed to their applier at once (they wait for it, then go in one transaction). */
export const READ_MODEL_BATCH = 64;

/** Of several changes to the same sku, the newest (the later of two equally new ones), in first-seen order. */
function newestBySku<E extends { sku: string; changedAt: string }>(events: readonly E[]): E[] {
  const newest = new Map<string, E>();
  for (const e of events) {
    const seen = newest.get(e.sku);
    if (!seen || Date.parse(seen.changedAt) <= Date.parse(e.changedAt)) newest.set(e.sku, e);
  }
  return [...newest.values()];
}

/**
 * Writes product changes in one statement (the newest per sku); a row changed later than a change
 * keeps what it has.
 */
async function upsertProducts(tx: Executor, events: readonly ProductChangedV1[]): Promise<void> {
  const rows = newestBySku(events);
  if (rows.length === 0) return;
  await tx.execute(sql`
    insert into products (sku, product_id, name, price_cents, currency, image, changed_at)
    select * from unnest(
      ${sql.param(rows.map((e) => e.sku))}::text[],
      ${sql.param(rows.map((e) => e.productId))}::text[],
      ${sql.param(rows.map((e) => e.name))}::text[],
      ${sql.param(rows.map((e) => e.price.amount))}::int[],
      ${sql.param(rows.map((e) => e.price.currency))}::text[],
      ${sql.param(rows.map((e) => e.image))}::text[],
      ${sql.param(rows.map((e) => e.changedAt))}::timestamptz[]
    )
    on conflict (sku) do update set
      product_id = excluded.product_id, name = excluded.name, price_cents = excluded.price_cents,
      currency = excluded.currency, image = excluded.image, changed_at = excluded.changed_at
    where products.changed_at <= excluded.changed_at`);
}

/** Writes stock levels in one statement (the newest per sku); a row changed later keeps what it has. */
async function upsertStock(tx: Executor, events: readonly StockChangedV1[]): Promise<void> {
  const rows = newestBySku(events);
  if (rows.length === 0) return;
  await tx.execute(sql`
    insert into stock (sku, available, changed_at)
    select * from unnest(
      ${sql.param(rows.map((e) => e.sku))}::text[],
      ${sql.param(rows.map((e) => e.available))}::int[],
      ${sql.param(rows.map((e) => e.changedAt))}::timestamptz[]
    )
    on conflict (sku) do update set available = excluded.available, changed_at = excluded.changed_at
    where stock.changed_at <= excluded.changed_at`);
}

/**
 * Parses and applies a `catalog.product-changed`; resolves false when it was applied before.
 * A message that does not match the schema throws `MessageRejected` (dead-lettered at once).
 */
export async function applyProductChanged(db: Db, message: BusMessage): Promise<boolean> {
  return applyOnce(
    db,
    PRODUCTS_CONSUMER,
    { schema: ProductChangedV1, handle: (event, tx) => upsertProducts(tx, [event]) },
    message,
  );
}

/** Parses and applies an `inventory.stock-changed`; resolves false when it was applied before. */
export async function applyStockChanged(db: Db, message: BusMessage): Promise<boolean> {
  return applyOnce(
    db,
    STOCK_CONSUMER,
    { schema: StockChangedV1, handle: (event, tx) => upsertStock(tx, [event]) },
    message,
  );
}

/**
 * The read models' appliers for the bus: messages that arrive while one transaction applies
 * others are applied together in the next one (group commit); the transaction writes the newest
 * change of each sku in one statement at its end. Each resolves after its commit, true when
 * applied, false when it was applied before.
 */
export function readModelAppliers(db: Db) {
  return {
    products: batchedApplyOnce(db, PRODUCTS_CONSUMER, {
      parse: (m) => parseMessage(ProductChangedV1, m),
      prepare: async () => [] as ProductChangedV1[],
      handle: async (event, _tx, _message, gathered) => void gathered.push(event),
      finish: (gathered, tx) => upsertProducts(tx, gathered),
    }),
    stock: batchedApplyOnce(db, STOCK_CONSUMER, {
      parse: (m) => parseMessage(StockChangedV1, m),
      prepare: async () => [] as StockChangedV1[],
      handle: async (event, _tx, _message, gathered) => void gathered.push(event),
      finish: (gathered, tx) => upsertStock(tx, gathered),
    }),
  };
}
