/**
 * Seeds the catalogue at first start. Idempotent: rows that exist are left alone, and only the
 * variants this run inserted announce themselves through the outbox (in the same transaction).
 * Rows from the first, smaller catalogue get the fields it lacked (spec, colour name, order).
 */

import type { Db, Tx } from "@tessera/chassis/db";
import { eq, inArray, sql } from "drizzle-orm";
import { enqueueProductChanged } from "../events/product-changed.ts";
import { categories, products, variants } from "./schema.ts";
import { SEED_CATEGORIES, SEED_PRODUCTS, type SeedCategory, type SeedProduct } from "./seed-data.ts";

/** Inserts the missing seed rows; resolves with the number of variants inserted. */
export async function seedCatalog(
  db: Db,
  seed: SeedProduct[] = SEED_PRODUCTS,
  seedCategories: SeedCategory[] = SEED_CATEGORIES,
): Promise<number> {
  if (seed.length === 0) return 0;
  return db.transaction(async (tx) => {
    if (seedCategories.length > 0) {
      await tx
        .insert(categories)
        .values(seedCategories.map((c, position) => ({ ...c, position })))
        .onConflictDoNothing();
    }
    await tx
      .insert(products)
      .values(seed.map(({ variants: _, ...product }) => product))
      .onConflictDoNothing();
    const inserted = await tx
      .insert(variants)
      .values(seed.flatMap((p) => p.variants.map((v, position) => ({ ...v, position, productId: p.id }))))
      .onConflictDoNothing()
      .returning();
    await backfill(tx, seed);
    const productIds = [...new Set(inserted.map((v) => v.productId))];
    const rows = productIds.length
      ? await tx.select().from(products).where(inArray(products.id, productIds))
      : [];
    const byId = new Map(rows.map((p) => [p.id, p]));
    const categoryNames = new Map((await tx.select().from(categories)).map((c) => [c.id, c.name] as const));
    for (const variant of inserted) {
      const product = byId.get(variant.productId);
      if (!product) throw new Error(`Seeding variant ${variant.sku} found no product ${variant.productId}`);
      await enqueueProductChanged(tx, product, variant, categoryNames.get(product.category));
    }
    return inserted.length;
  });
}

/** Gives rows of the first catalogue (no spec, no colour name) what the seed now says. */
async function backfill(tx: Tx, seed: SeedProduct[]): Promise<void> {
  const bare = await tx.select({ sku: variants.sku }).from(variants).where(eq(variants.colorName, ""));
  const bareProducts = await tx
    .select({ id: products.id })
    .from(products)
    .where(sql`${products.spec} = '[]'::jsonb`);
  const skus = new Set(bare.map((r) => r.sku));
  const ids = new Set(bareProducts.map((r) => r.id));
  for (const product of seed) {
    if (ids.has(product.id))
      await tx.update(products).set({ spec: product.spec }).where(eq(products.id, product.id));
    for (const [position, v] of product.variants.entries()) {
      if (skus.has(v.sku)) {
        await tx.update(variants).set({ colorName: v.colorName, position }).where(eq(variants.sku, v.sku));
      }
    }
  }
}
