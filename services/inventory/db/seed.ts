/**
 * Stock for a sku inventory has just learned about (from `catalog.product-changed`), chosen
 * deterministically from a hash of the sku so every start and every instance agree: most skus
 * plenty, some only a few left, a few sold out everywhere — the shop shows all three states.
 * Idempotent: stock that exists is never overwritten.
 */

import type { Executor } from "@tessera/chassis/db";
import { STORE_IDS } from "@tessera/contracts/reference/stores";
import { LOW_STOCK_THRESHOLD } from "../stock/status.ts";
import { stock } from "./schema.ts";

/** Units per store id. */
export type StockPlan = Record<string, number>;

/** FNV-1a, 32 bits: a stable hash of the sku. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A small deterministic generator (mulberry32) seeded with `seed`. */
function generator(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The initial stock of `sku` in every store: one sku in ten is sold out everywhere, two in ten
 * have a few units in one store (1 to {@link LOW_STOCK_THRESHOLD}), the rest have plenty spread
 * over the stores (some of which may have none).
 */
export function stockPlan(sku: string): StockPlan {
  const h = hash(sku);
  const random = generator(h);
  const plan: StockPlan = Object.fromEntries(STORE_IDS.map((id) => [id, 0]));
  const bucket = h % 10;
  if (bucket === 0) return plan;
  if (bucket <= 2) {
    const store = STORE_IDS[Math.floor(random() * STORE_IDS.length)] ?? STORE_IDS[0];
    plan[store] = 1 + Math.floor(random() * LOW_STOCK_THRESHOLD);
    return plan;
  }
  for (const id of STORE_IDS) plan[id] = random() < 0.25 ? 0 : 2 + Math.floor(random() * 14);
  const total = Object.values(plan).reduce((a, b) => a + b, 0);
  if (total <= LOW_STOCK_THRESHOLD) plan[STORE_IDS[0]] = (plan[STORE_IDS[0]] ?? 0) + 10;
  return plan;
}

/**
 * Inserts the stock rows of `sku` that are missing (one per store), in the caller's transaction.
 * Resolves with the number of rows inserted: 0 when the sku was known.
 */
export async function seedStock(
  tx: Executor,
  sku: string,
  plan: StockPlan = stockPlan(sku),
): Promise<number> {
  const rows = STORE_IDS.map((storeId) => {
    const units = plan[storeId] ?? 0;
    return { sku, storeId, available: units, received: units };
  });
  const inserted = await tx.insert(stock).values(rows).onConflictDoNothing().returning({ sku: stock.sku });
  return inserted.length;
}
