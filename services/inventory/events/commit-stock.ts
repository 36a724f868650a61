/**
 * `inventory.commit-stock`: the order is confirmed, its reserved units become sold. Availability
 * does not change (it went down at reservation), so nothing is announced. Idempotent: only a
 * reserved order is committed; anything else is a no-op.
 */

import type { BusMessage } from "@tessera/chassis/bus";
import type { Db } from "@tessera/chassis/db";
import { consumeOnce } from "@tessera/chassis/outbox";
import { CommitStockV1 } from "@tessera/contracts/events";
import { and, eq, sql } from "drizzle-orm";
import { reservationLines, reservations, stock } from "../db/schema.ts";

export const COMMIT_CONSUMER = "inventory-commit-stock";

export type CommitOutcome = "committed" | "unknown-order" | "not-reserved" | "duplicate";

export async function commitStock(db: Db, message: BusMessage): Promise<CommitOutcome> {
  const { orderId } = CommitStockV1.parse(message.data);
  let outcome: CommitOutcome = "committed";
  const applied = await consumeOnce(db, COMMIT_CONSUMER, message, async (tx) => {
    // the reservation, locked, with its lines, in one statement
    const found = await tx
      .select({ row: reservations, line: reservationLines })
      .from(reservations)
      .leftJoin(reservationLines, eq(reservationLines.orderId, reservations.orderId))
      .where(eq(reservations.orderId, orderId))
      .for("update", { of: reservations });
    const row = found[0]?.row;
    if (!row) {
      outcome = "unknown-order";
      return;
    }
    if (row.status !== "reserved") {
      outcome = "not-reserved";
      return;
    }
    const now = new Date();
    const lines = found.flatMap((f) => (f.line ? [f.line] : []));
    for (const line of lines) {
      await tx
        .update(stock)
        .set({
          reserved: sql`${stock.reserved} - ${line.quantity}`,
          sold: sql`${stock.sold} + ${line.quantity}`,
          updatedAt: now,
        })
        .where(and(eq(stock.sku, line.sku), eq(stock.storeId, line.storeId)));
    }
    await tx
      .update(reservations)
      .set({ status: "committed", updatedAt: now })
      .where(eq(reservations.orderId, orderId));
  });
  return applied ? outcome : "duplicate";
}
