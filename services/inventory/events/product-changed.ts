/**
 * Learning skus from `catalog.product-changed`: the first event for a sku seeds its stock in every
 * store (and announces the availability); later events (price or name changes) change nothing.
 * Once per message (idempotent consumer).
 */

import type { BusMessage } from "@tessera/chassis/bus";
import type { Db } from "@tessera/chassis/db";
import { consumeOnce } from "@tessera/chassis/outbox";
import { ProductChangedV1, Sku } from "@tessera/contracts/events";
import { seedStock } from "../db/seed.ts";
import { enqueueStockChanged } from "./stock-changed.ts";

export const PRODUCT_CHANGED_CONSUMER = "inventory-products";

/** What applying one event did. */
export type ProductChangedOutcome = "seeded" | "known" | "duplicate" | "unsupported-sku";

export async function applyProductChanged(db: Db, message: BusMessage): Promise<ProductChangedOutcome> {
  const event = ProductChangedV1.parse(message.data);
  // Inventory's messages carry skus in the shared Sku format; a sku outside it cannot be stocked.
  if (!Sku.safeParse(event.sku).success) return "unsupported-sku";
  let outcome: ProductChangedOutcome = "known";
  const applied = await consumeOnce(db, PRODUCT_CHANGED_CONSUMER, message, async (tx) => {
    if ((await seedStock(tx, event.sku)) === 0) return;
    await enqueueStockChanged(tx, [event.sku]);
    outcome = "seeded";
  });
  return applied ? outcome : "duplicate";
}
