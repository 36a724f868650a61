/** The product API: `GET /products/:sku` and `PATCH /products/:sku`. */

import type { Db } from "@tessera/chassis/db";
import { AppError } from "@tessera/chassis/errors";
import { parseInput } from "@tessera/chassis/service";
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { products, variants } from "../db/schema.ts";
import { enqueueProductChanged } from "../events/product-changed.ts";
import { imagePath } from "./images.ts";

export const Sku = z
  .string()
  .regex(/^[A-Z0-9-]{2,32}$/, { error: "expected a SKU like CL-01-GR (A-Z, 0-9 and -)" });

export const ProductChange = z
  .object({
    name: z.string().trim().min(1).max(120).optional(),
    priceCents: z.number().int().min(1).max(100_000_000).optional(),
  })
  .strict()
  .refine((v) => v.name !== undefined || v.priceCents !== undefined, { error: "give name or priceCents" });

/** A variant as the API shows it. */
export function toProductView(product: typeof products.$inferSelect, variant: typeof variants.$inferSelect) {
  return {
    sku: variant.sku,
    productId: product.id,
    name: variant.name,
    description: product.description,
    category: product.category,
    price: { amount: variant.priceCents, currency: variant.currency },
    image: imagePath(variant.sku),
    updatedAt: variant.updatedAt.toISOString(),
  };
}
export type ProductView = ReturnType<typeof toProductView>;

/** Loads a variant with its product; a missing sku is a 404 problem. */
export async function findProduct(db: Db, sku: string): Promise<ProductView> {
  const [row] = await db
    .select({ product: products, variant: variants })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(eq(variants.sku, sku));
  if (!row) throw new AppError("not_found", `No product with sku "${sku}"`, { sku });
  return toProductView(row.product, row.variant);
}

export function productRoutes(db: Db, afterCommit: () => void): Hono {
  return new Hono()
    .get("/:sku", async (c) => {
      const sku = parseInput(Sku, c.req.param("sku"), "path", "not_found");
      return c.json(await findProduct(db, sku));
    })
    .patch("/:sku", async (c) => {
      const sku = parseInput(Sku, c.req.param("sku"), "path", "not_found");
      const body = await c.req.json().catch(() => {
        throw new AppError("bad_request", "The body must be a JSON object");
      });
      const change = parseInput(ProductChange, body, "body");
      const view = await db.transaction(async (tx) => {
        const [variant] = await tx
          .update(variants)
          .set({
            ...(change.name ? { name: change.name } : {}),
            ...(change.priceCents ? { priceCents: change.priceCents } : {}),
            updatedAt: new Date(),
          })
          .where(eq(variants.sku, sku))
          .returning();
        if (!variant) throw new AppError("not_found", `No product with sku "${sku}"`, { sku });
        const [product] = await tx.select().from(products).where(eq(products.id, variant.productId));
        if (!product) throw new AppError("internal", `Variant ${sku} has no product`);
        await enqueueProductChanged(tx, product, variant);
        return toProductView(product, variant);
      });
      afterCommit();
      return c.json(view);
    });
}
