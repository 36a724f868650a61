/** The listing API: `GET /products` (optionally `?category=`) and `GET /products/:sku`. */

import type { Db } from "@tessera/chassis/db";
import { AppError } from "@tessera/chassis/errors";
import { parseInput } from "@tessera/chassis/service";
import { asc, eq } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { listings } from "../db/schema.ts";

export const ListQuery = z.object({
  category: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/, { error: "expected a category slug (a-z, 0-9 and -)" })
    .optional(),
});

/** The path of one listing (`/products/:sku`). */
export const SkuPath = z.object({
  sku: z.string().regex(/^[A-Z0-9-]{2,32}$/, { error: "expected a SKU like CL-01-GR (A-Z, 0-9 and -)" }),
});

function view(row: typeof listings.$inferSelect) {
  return {
    sku: row.sku,
    productId: row.productId,
    productName: row.productName,
    name: row.name,
    category: row.category,
    categoryName: row.categoryName,
    color: row.color,
    colorName: row.colorName,
    price: { amount: row.priceCents, currency: row.currency },
    image: row.image,
    changedAt: row.changedAt.toISOString(),
  };
}

export function listingRoutes(db: Db): Hono {
  return new Hono()
    .get("/", async (c) => {
      const { category } = parseInput(ListQuery, c.req.query(), "query");
      const rows = await db
        .select()
        .from(listings)
        .where(category ? eq(listings.category, category) : undefined)
        .orderBy(asc(listings.name));
      return c.json({ items: rows.map(view) });
    })
    .get("/:sku", async (c) => {
      const { sku } = parseInput(SkuPath, c.req.param(), "path", "not_found");
      const [row] = await db.select().from(listings).where(eq(listings.sku, sku));
      if (!row) throw new AppError("not_found", `No listing for sku "${sku}"`, { sku });
      return c.json(view(row));
    });
}
