/**
 * Product images, drawn by the catalog itself as SVG (no external host): a machine that depends on
 * the category and the product, in the variant's colour. Served with a one-year immutable cache;
 * the URL carries the drawing's version, so a new drawing gets a new URL.
 */

import type { Db } from "@tessera/chassis/db";
import { AppError } from "@tessera/chassis/errors";
import { parseInput } from "@tessera/chassis/service";
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { products, variants } from "../db/schema.ts";
import { drawProduct } from "../images/draw.ts";

const DRAWING_VERSION = "2";

/** The path of a variant's image, as pages reference it (through the composer's gateway). */
export function imagePath(sku: string): string {
  return `/api/catalog/images/${encodeURIComponent(sku)}.v${DRAWING_VERSION}.svg`;
}

/** The product's number within its category (`TR-CL-003` → 3), which varies the drawing. */
function modelNumber(productId: string): number {
  const digits = /(\d+)$/.exec(productId)?.[1];
  return digits ? Number.parseInt(digits, 10) : 1;
}

/** The path of an image: `<sku>.v<n>.svg`. */
export const ImagePath = z.object({
  file: z
    .string()
    .regex(/^[A-Z0-9-]{2,32}\.v\d+\.svg$/, { error: "expected <sku>.v<n>.svg, like CL-01-GR.v2.svg" }),
});

/** `GET /images/:file` — `<sku>.v<n>.svg`. */
export function imageRoutes(db: Db): Hono {
  return new Hono().get("/:file", async (c) => {
    const { file } = parseInput(ImagePath, c.req.param(), "path", "not_found");
    const sku = file.slice(0, file.lastIndexOf(".v"));
    const [row] = await db
      .select({ variant: variants, product: products })
      .from(variants)
      .innerJoin(products, eq(products.id, variants.productId))
      .where(eq(variants.sku, sku));
    if (!row) throw new AppError("not_found", `No product image for sku "${sku}"`, { sku });
    const svg = drawProduct({
      title: row.variant.name,
      color: row.variant.color,
      category: row.product.category,
      model: modelNumber(row.product.id),
      productName: row.product.name,
    });
    return c.body(svg, 200, {
      "content-type": "image/svg+xml; charset=utf-8",
      "cache-control": "public, max-age=31536000, immutable",
    });
  });
}
