/** Reading the catalogue: variants, products with their variants, categories. */

import type { Db, Executor } from "@tessera/chassis/db";
import { AppError } from "@tessera/chassis/errors";
import { asc, count, eq, inArray } from "drizzle-orm";
import { imagePath } from "../routes/images.ts";
import { categories, products, variants } from "./schema.ts";

type ProductRow = typeof products.$inferSelect;
type VariantRow = typeof variants.$inferSelect;

/** A variant as the API shows it (`GET /api/products/:sku`). */
export function toVariantView(product: ProductRow, variant: VariantRow) {
  return {
    sku: variant.sku,
    productId: product.id,
    productName: product.name,
    name: variant.name,
    description: product.description,
    category: product.category,
    color: variant.color,
    colorName: variant.colorName,
    price: { amount: variant.priceCents, currency: variant.currency },
    image: imagePath(variant.sku),
    updatedAt: variant.updatedAt.toISOString(),
  };
}
export type VariantView = ReturnType<typeof toVariantView>;

/** A product with its variants in picker order (`GET /api/products`). */
export function toProductView(product: ProductRow, productVariants: VariantRow[]) {
  return {
    id: product.id,
    name: product.name,
    description: product.description,
    category: product.category,
    spec: product.spec,
    variants: productVariants.map((v) => ({
      sku: v.sku,
      name: v.name,
      color: v.color,
      colorName: v.colorName,
      price: { amount: v.priceCents, currency: v.currency },
      image: imagePath(v.sku),
    })),
  };
}
export type ProductView = ReturnType<typeof toProductView>;

/** Loads a variant with its product; a missing sku is a 404 problem. */
export async function findVariant(db: Db, sku: string): Promise<VariantView> {
  const [row] = await db
    .select({ product: products, variant: variants })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(eq(variants.sku, sku));
  if (!row) throw new AppError("not_found", `No product with sku "${sku}"`, { sku });
  return toVariantView(row.product, row.variant);
}

/** Products (optionally of one category) with their variants, ordered by id. */
export async function listProducts(db: Db, category?: string): Promise<ProductView[]> {
  const rows = await db
    .select()
    .from(products)
    .where(category ? eq(products.category, category) : undefined)
    .orderBy(asc(products.id));
  if (rows.length === 0) return [];
  const all = await db
    .select()
    .from(variants)
    .where(
      inArray(
        variants.productId,
        rows.map((p) => p.id),
      ),
    )
    .orderBy(asc(variants.position), asc(variants.sku));
  return rows
    .map((p) =>
      toProductView(
        p,
        all.filter((v) => v.productId === p.id),
      ),
    )
    .filter((p) => p.variants.length > 0);
}

/** One product with its variants and category, or undefined. */
export async function findProduct(db: Db, id: string) {
  const [product] = await db.select().from(products).where(eq(products.id, id));
  if (!product) return undefined;
  const productVariants = await db
    .select()
    .from(variants)
    .where(eq(variants.productId, id))
    .orderBy(asc(variants.position), asc(variants.sku));
  const [category] = await db.select().from(categories).where(eq(categories.id, product.category));
  return {
    product: toProductView(product, productVariants),
    category: category ?? { id: product.category, name: product.category, description: "", position: 0 },
  };
}

/** The categories in shop order, each with how many products it holds. */
export async function listCategories(db: Db) {
  const counts = await db
    .select({ category: products.category, products: count() })
    .from(products)
    .groupBy(products.category);
  const byCategory = new Map(counts.map((c) => [c.category, c.products]));
  const rows = await db.select().from(categories).orderBy(asc(categories.position), asc(categories.id));
  return rows.map((c) => ({
    id: c.id,
    name: c.name,
    description: c.description,
    productCount: byCategory.get(c.id) ?? 0,
  }));
}

/** The display name of a category, for events. */
export async function categoryName(db: Executor, id: string) {
  const [row] = await db.select({ name: categories.name }).from(categories).where(eq(categories.id, id));
  return row?.name;
}
