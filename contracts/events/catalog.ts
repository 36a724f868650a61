/** Events published by the catalog service (team Decide). */
import { z } from "zod";

/** Subject of {@link ProductChangedV1}. */
export const PRODUCT_CHANGED = "catalog.product-changed";

/**
 * A variant was created or changed: everything a read model needs to list it.
 * Version 1. A breaking change gets a new version and subject; additions stay in v1.
 */
export const ProductChangedV1 = z.object({
  type: z.literal("ProductChanged"),
  version: z.literal(1),
  sku: z.string().min(1),
  productId: z.string().min(1),
  name: z.string().min(1),
  description: z.string(),
  category: z.string().min(1),
  price: z.object({ amount: z.number().int().nonnegative(), currency: z.string().length(3) }),
  image: z.string().min(1),
  changedAt: z.iso.datetime({ offset: true }),
  /** Added in v1 (optional, older events lack them): the product's name without the variant. */
  productName: z.string().min(1).optional(),
  /** The category's display name (`category` is its slug). */
  categoryName: z.string().min(1).optional(),
  /** The variant's colour: a CSS hex colour and its name. */
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .optional(),
  colorName: z.string().min(1).optional(),
});
export type ProductChangedV1 = z.infer<typeof ProductChangedV1>;
