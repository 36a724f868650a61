/** Announcing a sku's new availability (`inventory.stock-changed`) through the outbox. */

import type { Executor } from "@tessera/chassis/db";
import { enqueue, type OutgoingMessage } from "@tessera/chassis/outbox";
import { STOCK_CHANGED, StockChangedV1 } from "@tessera/contracts/events";
import { eq, sql } from "drizzle-orm";
import { stock } from "../db/schema.ts";

/** Total available units of `sku` over every store, as the transaction sees it. */
export async function totalAvailable(tx: Executor, sku: string): Promise<number> {
  const [row] = await tx
    .select({ total: sql<number>`coalesce(sum(${stock.available}), 0)::int` })
    .from(stock)
    .where(eq(stock.sku, sku));
  return Number(row?.total ?? 0);
}

/** Writes a StockChanged event for each sku, with its total availability, in the caller's transaction. */
export async function enqueueStockChanged(tx: Executor, skus: Iterable<string>): Promise<void> {
  for (const sku of new Set(skus)) {
    const event = StockChangedV1.parse({
      type: "StockChanged",
      version: 1,
      sku,
      available: await totalAvailable(tx, sku),
      changedAt: new Date().toISOString(),
    });
    await enqueue(tx, STOCK_CHANGED, event);
  }
}

/** StockChanged events for skus whose totals the caller already knows (rows it holds locked). */
export function stockChangedMessages(totals: ReadonlyMap<string, number>, at: Date): OutgoingMessage[] {
  return [...totals].map(([sku, available]) => ({
    subject: STOCK_CHANGED,
    payload: StockChangedV1.parse({
      type: "StockChanged",
      version: 1,
      sku,
      available,
      changedAt: at.toISOString(),
    }),
  }));
}
