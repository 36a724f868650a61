/**
 * Checkout's read models of other teams' data, each applied once per message (idempotent
 * consumer) and never letting an older change overwrite a newer one (events may arrive late):
 * product names, prices and images from `catalog.product-changed`, availability from
 * `inventory.stock-changed`.
 */

import type { BusMessage } from "@tessera/chassis/bus";
import { type Db, type Executor, plainQuery } from "@tessera/chassis/db";
import { applyOnce, batchedApplyOnce, parseMessage } from "@tessera/chassis/outbox";
import { ProductChangedV1, StockChangedV1 } from "@tessera/contracts/events";

export const PRODUCTS_CONSUMER = "checkout-products";
export const STOCK_CONSUMER = "checkout-stock";
/** Read-model messages handed to their applier at once (they wait for it, then go in one transaction). */
export const READ_MODEL_BATCH = 64;
/**
 * How long a read-model message waits for others to share its transaction: a stock level a few
 * milliseconds late changes nothing a shopper sees, and it saves a transaction for most changes.
 */
export const READ_MODEL_GATHER_MS = 20;

/** Of several changes to the same sku, the newest (the later of two equally new ones), in first-seen order. */
function newestBySku<E extends { sku: string; changedAt: string }>(events: readonly E[]): E[] {
  const newest = new Map<string, E>();
  for (const e of events) {
    const seen = newest.get(e.sku);
    if (!seen || Date.parse(seen.changedAt) <= Date.parse(e.changedAt)) newest.set(e.sku, e);
  }
  return [...newest.values()];
}

/** Products ($1–$7, one array per column) upserted, a newer row kept as it is. */
const UPSERT_PRODUCTS = `insert into products (sku, product_id, name, price_cents, currency, image, changed_at)
  select * from unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::timestamptz[])
  on conflict (sku) do update set
    product_id = excluded.product_id, name = excluded.name, price_cents = excluded.price_cents,
    currency = excluded.currency, image = excluded.image, changed_at = excluded.changed_at
  where products.changed_at <= excluded.changed_at`;

/** Stock levels ($1–$3, one array per column) upserted, a newer row kept as it is. */
const UPSERT_STOCK = `insert into stock (sku, available, changed_at)
  select * from unnest($1::text[], $2::int[], $3::timestamptz[])
  on conflict (sku) do update set available = excluded.available, changed_at = excluded.changed_at
  where stock.changed_at <= excluded.changed_at`;

/**
 * Writes product changes in one statement (the newest per sku); a row changed later than a change
 * keeps what it has.
 */
async function upsertProducts(tx: Executor, events: readonly ProductChangedV1[]): Promise<void> {
  const rows = newestBySku(events);
  if (rows.length === 0) return;
  await plainQuery(tx, UPSERT_PRODUCTS, [
    rows.map((e) => e.sku),
    rows.map((e) => e.productId),
    rows.map((e) => e.name),
    rows.map((e) => e.price.amount),
    rows.map((e) => e.price.currency),
    rows.map((e) => e.image),
    rows.map((e) => e.changedAt),
  ]);
}

/** Writes stock levels in one statement (the newest per sku); a row changed later keeps what it has. */
async function upsertStock(tx: Executor, events: readonly StockChangedV1[]): Promise<void> {
  const rows = newestBySku(events);
  if (rows.length === 0) return;
  await plainQuery(tx, UPSERT_STOCK, [
    rows.map((e) => e.sku),
    rows.map((e) => e.available),
    rows.map((e) => e.changedAt),
  ]);
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
      gatherMs: READ_MODEL_GATHER_MS,
      parse: (m) => parseMessage(ProductChangedV1, m),
      prepare: async () => [] as ProductChangedV1[],
      handle: async (event, _tx, _message, gathered) => void gathered.push(event),
      finish: (gathered, tx) => upsertProducts(tx, gathered),
    }),
    stock: batchedApplyOnce(db, STOCK_CONSUMER, {
      gatherMs: READ_MODEL_GATHER_MS,
      parse: (m) => parseMessage(StockChangedV1, m),
      prepare: async () => [] as StockChangedV1[],
      handle: async (event, _tx, _message, gathered) => void gathered.push(event),
      finish: (gathered, tx) => upsertStock(tx, gathered),
    }),
  };
}
