/**
 * The stock API: `GET /stock/:sku` (per store and total, with a status), `GET /stock?skus=a,b`
 * (a batch), and `POST /stock/:sku/restock` (units arriving at a store).
 */

import type { Db } from "@tessera/chassis/db";
import { AppError } from "@tessera/chassis/errors";
import { parseInput } from "@tessera/chassis/service";
import { Sku } from "@tessera/contracts/events";
import { STORE_IDS } from "@tessera/contracts/reference/stores";
import { and, eq, inArray, sql } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { stock } from "../db/schema.ts";
import { enqueueStockChanged } from "../events/stock-changed.ts";
import { stockStatus } from "../stock/status.ts";

const SkuError = { error: "expected a SKU like CL-01-GR (A-Z, 0-9 and -)" };
/** A sku in a path or query: the shared format, with a message saying what is expected. */
export const SkuParam = z
  .string()
  .regex(/^[A-Z0-9-]{2,32}$/, SkuError)
  .describe("a SKU like CL-01-GR");

/** The path of a sku's routes (`/stock/:sku`). */
export const SkuPath = z.object({ sku: SkuParam });

export const BatchQuery = z.object({
  skus: z
    .string({ error: "expected skus=SKU-1,SKU-2 (1 to 100 skus)" })
    .describe("1 to 100 skus, comma-separated")
    .transform((value) => [...new Set(value.split(",").map((s) => s.trim()))])
    .pipe(
      z
        .array(z.string().regex(/^[A-Z0-9-]{2,32}$/, SkuError))
        .min(1)
        .max(100),
    ),
});

export const Restock = z
  .object({
    storeId: z.enum(STORE_IDS, { error: `expected one of ${STORE_IDS.join(", ")}` }),
    quantity: z.number().int().min(1).max(10_000),
  })
  .strict();

const Status = z.enum(["in-stock", "low", "sold-out"]);

/** A sku's availability as the API and the fragment show it. */
export const StockView = z.object({
  sku: Sku,
  available: z.number().int().nonnegative(),
  status: Status,
  stores: z.array(
    z.object({ storeId: z.string(), available: z.number().int().nonnegative(), status: Status }),
  ),
});
export type StockView = z.infer<typeof StockView>;

/** Builds the view of one sku from its rows (one per store), in the reference order of the stores. */
export function stockView(sku: string, rows: readonly { storeId: string; available: number }[]): StockView {
  const order = (id: string) => {
    const i = (STORE_IDS as readonly string[]).indexOf(id);
    return i === -1 ? STORE_IDS.length : i;
  };
  const stores = [...rows]
    .sort((a, b) => order(a.storeId) - order(b.storeId) || a.storeId.localeCompare(b.storeId))
    .map((r) => ({ storeId: r.storeId, available: r.available, status: stockStatus(r.available) }));
  const available = stores.reduce((sum, s) => sum + s.available, 0);
  return { sku, available, status: stockStatus(available), stores };
}

/** The views of the known skus among `skus`. */
export async function findStock(db: Db, skus: string[]): Promise<Map<string, StockView>> {
  const rows = skus.length === 0 ? [] : await db.select().from(stock).where(inArray(stock.sku, skus));
  const views = new Map<string, StockView>();
  for (const sku of skus) {
    const own = rows.filter((r) => r.sku === sku);
    if (own.length > 0) views.set(sku, stockView(sku, own));
  }
  return views;
}

/** One sku's view; a sku inventory has no stock for is a 404 problem. */
export async function getStock(db: Db, sku: string): Promise<StockView> {
  const view = (await findStock(db, [sku])).get(sku);
  if (!view) throw new AppError("not_found", `No stock known for sku "${sku}"`, { sku });
  return view;
}

export function stockRoutes(db: Db, afterCommit: () => void): Hono {
  return new Hono()
    .get("/", async (c) => {
      const { skus } = parseInput(BatchQuery, c.req.query(), "query");
      const views = await findStock(db, skus);
      return c.json({ items: [...views.values()], unknown: skus.filter((s) => !views.has(s)) });
    })
    .get("/:sku", async (c) => {
      const { sku } = parseInput(SkuPath, c.req.param(), "path", "not_found");
      return c.json(await getStock(db, sku));
    })
    .post("/:sku/restock", async (c) => {
      const { sku } = parseInput(SkuPath, c.req.param(), "path", "not_found");
      const body = await c.req.json().catch(() => {
        throw new AppError("bad_request", "The body must be a JSON object");
      });
      const { storeId, quantity } = parseInput(Restock, body, "body");
      await db.transaction(async (tx) => {
        const [row] = await tx
          .update(stock)
          .set({
            available: sql`${stock.available} + ${quantity}`,
            received: sql`${stock.received} + ${quantity}`,
            updatedAt: new Date(),
          })
          .where(and(eq(stock.sku, sku), eq(stock.storeId, storeId)))
          .returning();
        if (!row) throw new AppError("not_found", `No stock known for sku "${sku}"`, { sku });
        await enqueueStockChanged(tx, [sku]);
      });
      afterCommit();
      return c.json(await getStock(db, sku));
    });
}
