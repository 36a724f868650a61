/**
 * Seeds the catalogue at first start. Idempotent: rows that exist are left alone, and only the
 * rows this run inserted announce themselves through the outbox (in the same transaction).
 */

import type { Db } from "@tessera/chassis/db";
import { eq } from "drizzle-orm";
import { enqueueProductChanged } from "../events/product-changed.ts";
import { products, variants } from "./schema.ts";
import { SEED_PRODUCTS, type SeedProduct } from "./seed-data.ts";

/** Inserts the missing seed rows; resolves with the number of variants inserted. */
export async function seedCatalog(db: Db, seed: SeedProduct[] = SEED_PRODUCTS): Promise<number> {
  return db.transaction(async (tx) => {
    let inserted = 0;
    for (const item of seed) {
      const { variants: seedVariants, ...productRow } = item;
      await tx.insert(products).values(productRow).onConflictDoNothing();
      const [product] = await tx.select().from(products).where(eq(products.id, item.id));
      if (!product) throw new Error(`Seeding product ${item.id} failed`);
      const rows = await tx
        .insert(variants)
        .values(seedVariants.map((v) => ({ ...v, productId: item.id })))
        .onConflictDoNothing()
        .returning();
      for (const variant of rows) await enqueueProductChanged(tx, product, variant);
      inserted += rows.length;
    }
    return inserted;
  });
}
