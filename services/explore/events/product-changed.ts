/**
 * Applies `catalog.product-changed` to the listing read model, once per message and consumer
 * (idempotent consumer), never letting an older change overwrite a newer one (events may arrive
 * late, or again during a rebuild).
 */

import type { BusMessage } from "@tessera/chassis/bus";
import type { Db, Tx } from "@tessera/chassis/db";
import { applyOnce } from "@tessera/chassis/outbox";
import { ProductChangedV1 } from "@tessera/contracts/events";
import { sql } from "drizzle-orm";
import { listings } from "../db/schema.ts";

/** The first durable consumer of the listing; a rebuild names a new one (see listing-feed.ts). */
export const CONSUMER = "explore-listings";

/** The listing's change for one event: written in the transaction that records the message id. */
export async function applyListing(event: ProductChangedV1, tx: Tx): Promise<void> {
  const row = {
    sku: event.sku,
    productId: event.productId,
    name: event.name,
    description: event.description,
    category: event.category,
    priceCents: event.price.amount,
    currency: event.price.currency,
    image: event.image,
    productName: event.productName ?? null,
    categoryName: event.categoryName ?? null,
    color: event.color ?? null,
    colorName: event.colorName ?? null,
    changedAt: new Date(event.changedAt),
  };
  await tx
    .insert(listings)
    .values(row)
    .onConflictDoUpdate({
      target: listings.sku,
      set: row,
      setWhere: sql`${listings.changedAt} <= excluded.changed_at`,
    });
}

/**
 * Parses and applies one message; resolves false when this consumer applied it before. A message
 * that does not match `ProductChangedV1` throws `MessageRejected` (the bus dead-letters it).
 */
export async function applyProductChanged(
  db: Db,
  message: BusMessage,
  consumer = CONSUMER,
): Promise<boolean> {
  return applyOnce(db, consumer, { schema: ProductChangedV1, handle: applyListing }, message);
}
