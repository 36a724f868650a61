/** Building `catalog.product-changed` events from the catalog's rows. */

import type { Executor } from "@tessera/chassis/db";
import { enqueue } from "@tessera/chassis/outbox";
import { PRODUCT_CHANGED, ProductChangedV1 } from "@tessera/contracts/events";
import type { products, variants } from "../db/schema.ts";
import { imagePath } from "../routes/images.ts";

/** The v1 event for a variant of a product; `categoryName` is the category's display name. */
export function productChanged(
  product: typeof products.$inferSelect,
  variant: typeof variants.$inferSelect,
  categoryName?: string,
): ProductChangedV1 {
  return ProductChangedV1.parse({
    type: "ProductChanged",
    version: 1,
    sku: variant.sku,
    productId: product.id,
    name: variant.name,
    description: product.description,
    category: product.category,
    price: { amount: variant.priceCents, currency: variant.currency },
    image: imagePath(variant.sku),
    changedAt: variant.updatedAt.toISOString(),
    productName: product.name,
    ...(categoryName ? { categoryName } : {}),
    ...(/^#[0-9a-fA-F]{6}$/.test(variant.color) ? { color: variant.color } : {}),
    ...(variant.colorName ? { colorName: variant.colorName } : {}),
  });
}

/** Writes the event into the outbox, in the caller's transaction. */
export function enqueueProductChanged(
  tx: Executor,
  product: typeof products.$inferSelect,
  variant: typeof variants.$inferSelect,
  categoryName?: string,
): Promise<string> {
  return enqueue(tx, PRODUCT_CHANGED, productChanged(product, variant, categoryName));
}
