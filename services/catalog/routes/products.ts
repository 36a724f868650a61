/**
 * The product API: `GET /products` (optionally `?category=`), `GET /products/:sku` and
 * `PATCH /products/:sku`; and `GET /categories`.
 */

import type { Db } from "@tessera/chassis/db";
import { AppError } from "@tessera/chassis/errors";
import { parseInput } from "@tessera/chassis/service";
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { categoryName, findVariant, listCategories, listProducts, toVariantView } from "../db/queries.ts";
import { categories, products, variants } from "../db/schema.ts";
import { enqueueProductChanged } from "../events/product-changed.ts";

export const Sku = z
  .string()
  .regex(/^[A-Z0-9-]{2,32}$/, { error: "expected a SKU like CL-01-GR (A-Z, 0-9 and -)" });

export const CategorySlug = z
  .string()
  .regex(/^[a-z0-9-]{1,40}$/, { error: "expected a category slug like classic (a-z, 0-9 and -)" });

export const ListQuery = z.object({ category: CategorySlug.optional() });

/** The path of one variant's routes (`/products/:sku`). */
export const SkuPath = z.object({ sku: Sku });

export const ProductChange = z
  .object({
    name: z.string().trim().min(1).max(120).optional(),
    priceCents: z.number().int().min(1).max(100_000_000).optional(),
  })
  .strict()
  .refine((v) => v.name !== undefined || v.priceCents !== undefined, { error: "give name or priceCents" });

export function productRoutes(db: Db, afterCommit: () => void): Hono {
  return new Hono()
    .get("/", async (c) => {
      const { category } = parseInput(ListQuery, c.req.query(), "query");
      if (category) {
        const [known] = await db.select().from(categories).where(eq(categories.id, category));
        if (!known) throw new AppError("not_found", `No category "${category}"`, { category });
      }
      return c.json({ items: await listProducts(db, category) });
    })
    .get("/:sku", async (c) => {
      const { sku } = parseInput(SkuPath, c.req.param(), "path", "not_found");
      return c.json(await findVariant(db, sku));
    })
    .patch("/:sku", async (c) => {
      const { sku } = parseInput(SkuPath, c.req.param(), "path", "not_found");
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
        await enqueueProductChanged(tx, product, variant, await categoryName(tx, product.category));
        return toVariantView(product, variant);
      });
      afterCommit();
      return c.json(view);
    });
}

/** `GET /categories`: the shop's categories with their product counts. */
export function categoryRoutes(db: Db): Hono {
  return new Hono().get("/", async (c) => c.json({ items: await listCategories(db) }));
}
