/**
 * Reading explore's read models: product tiles (one per product, from its variants' listings),
 * categories, recommendations, stores.
 */

import type { Db } from "@tessera/chassis/db";
import { asc, eq } from "drizzle-orm";
import { listings, stores } from "./schema.ts";

type ListingRow = typeof listings.$inferSelect;

/** A product as explore's listings show it: its cheapest variant, and every variant's colour. */
export interface ProductTile {
  productId: string;
  name: string;
  category: string;
  categoryName: string;
  /** The variant the tile links to and shows: the cheapest. */
  sku: string;
  image: string;
  price: { amount: number; currency: string };
  /** True when the variants have different prices (the tile says "from"). */
  priceVaries: boolean;
  colors: { color: string; name: string }[];
}

export interface CategorySummary {
  id: string;
  name: string;
  productCount: number;
}

/** `classic` → `Classic` when the events carry no category name. */
function titleCase(slug: string): string {
  return slug.replace(
    /(^|-)([a-z])/g,
    (_, dash: string, ch: string) => `${dash ? " " : ""}${ch.toUpperCase()}`,
  );
}

function toTiles(rows: ListingRow[]): ProductTile[] {
  // a category's name from any event that carried it (events older than the field lack it)
  const categoryNames = new Map<string, string>();
  for (const row of rows) if (row.categoryName) categoryNames.set(row.category, row.categoryName);
  const byProduct = new Map<string, ListingRow[]>();
  for (const row of rows) byProduct.set(row.productId, [...(byProduct.get(row.productId) ?? []), row]);
  const tiles: ProductTile[] = [];
  for (const [productId, variants] of byProduct) {
    const sorted = [...variants].sort((a, b) => a.priceCents - b.priceCents || a.sku.localeCompare(b.sku));
    const first = sorted[0] as ListingRow;
    tiles.push({
      productId,
      name: first.productName ?? first.name.split(" — ")[0] ?? first.name,
      category: first.category,
      categoryName: categoryNames.get(first.category) ?? titleCase(first.category),
      sku: first.sku,
      image: first.image,
      price: { amount: first.priceCents, currency: first.currency },
      priceVaries: sorted.some((v) => v.priceCents !== first.priceCents),
      colors: [...variants]
        .sort((a, b) => a.sku.localeCompare(b.sku))
        .filter((v) => v.color)
        .map((v) => ({ color: v.color as string, name: v.colorName ?? v.name })),
    });
  }
  return tiles;
}

/** Every product's tile, optionally of one category, by name. */
export async function productTiles(db: Db, category?: string): Promise<ProductTile[]> {
  const rows = await db
    .select()
    .from(listings)
    .where(category ? eq(listings.category, category) : undefined);
  return toTiles(rows).sort((a, b) => a.name.localeCompare(b.name));
}

/** The categories the listing knows, by name, with their product counts. */
export async function categorySummaries(db: Db): Promise<CategorySummary[]> {
  const tiles = toTiles(await db.select().from(listings));
  const byId = new Map<string, CategorySummary>();
  for (const tile of tiles) {
    const summary = byId.get(tile.category) ?? {
      id: tile.category,
      name: tile.categoryName,
      productCount: 0,
    };
    summary.productCount++;
    byId.set(tile.category, summary);
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The first product (by id) of each category: the home page's featured tractors. */
export async function featuredTiles(db: Db): Promise<ProductTile[]> {
  const tiles = toTiles(await db.select().from(listings)).sort((a, b) =>
    a.productId.localeCompare(b.productId),
  );
  const seen = new Set<string>();
  return tiles
    .filter((t) => !seen.has(t.category) && seen.add(t.category))
    .sort((a, b) => a.categoryName.localeCompare(b.categoryName));
}

/**
 * Up to `limit` other products for the one `sku` belongs to: the same category first, then the
 * rest, never the product itself. An unknown or absent sku gets the featured products.
 */
export async function recommendations(db: Db, sku: string | undefined, limit = 4): Promise<ProductTile[]> {
  const tiles = toTiles(await db.select().from(listings)).sort((a, b) =>
    a.productId.localeCompare(b.productId),
  );
  const [own] = sku ? await db.select().from(listings).where(eq(listings.sku, sku)) : [];
  if (!own) return (await featuredTiles(db)).slice(0, limit);
  const others = tiles.filter((t) => t.productId !== own.productId);
  const same = others.filter((t) => t.category === own.category);
  const rest = others.filter((t) => t.category !== own.category);
  // the rest interleaved by category, so the picks are varied
  const byCategory = new Map<string, ProductTile[]>();
  for (const t of rest) byCategory.set(t.category, [...(byCategory.get(t.category) ?? []), t]);
  const mixed: ProductTile[] = [];
  for (let i = 0; mixed.length < rest.length; i++) {
    for (const group of byCategory.values()) if (group[i]) mixed.push(group[i] as ProductTile);
  }
  return [...same, ...mixed].slice(0, limit);
}

/** The stores, in the shop's order. */
export function listStores(db: Db) {
  return db.select().from(stores).orderBy(asc(stores.position), asc(stores.id));
}
