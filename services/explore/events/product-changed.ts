/**
 * Applies `catalog.product-changed` to the listing read model, once per message (idempotent
 * consumer) and never letting an older change overwrite a newer one (events may arrive late).
 */

import type { BusMessage } from "@tessera/chassis/bus";
import type { Db } from "@tessera/chassis/db";
import { consumeOnce } from "@tessera/chassis/outbox";
import { ProductChangedV1 } from "@tessera/contracts/events";
import { sql } from "drizzle-orm";
import { listings } from "../db/schema.ts";

export const CONSUMER = "explore-listings";

/** Parses and applies one message; resolves false when it was applied before. */
export async function applyProductChanged(db: Db, message: BusMessage): Promise<boolean> {
  const event = ProductChangedV1.parse(message.data);
  return consumeOnce(db, CONSUMER, message, async (tx) => {
    const row = {
      sku: event.sku,
      productId: event.productId,
      name: event.name,
      description: event.description,
      category: event.category,
      priceCents: event.price.amount,
      currency: event.price.currency,
      image: event.image,
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
  });
}
