/**
 * `inventory.release-stock` (the saga's compensation): an order's reserved units go back on the
 * shelves. Idempotent: a released, committed or rejected order is left alone. A release for an
 * order inventory has not seen is remembered, so a reserve arriving after it is refused.
 */

import type { BusMessage } from "@tessera/chassis/bus";
import type { Db } from "@tessera/chassis/db";
import { consumeOnce } from "@tessera/chassis/outbox";
import { ReleaseStockV1 } from "@tessera/contracts/events";
import { and, eq, sql } from "drizzle-orm";
import { reservationLines, reservations, stock } from "../db/schema.ts";
import { enqueueStockChanged } from "./stock-changed.ts";

export const RELEASE_CONSUMER = "inventory-release-stock";

export type ReleaseOutcome = "released" | "unknown-order" | "not-reserved" | "duplicate";

export async function releaseStock(db: Db, message: BusMessage): Promise<ReleaseOutcome> {
  const command = ReleaseStockV1.parse(message.data);
  const { orderId } = command;
  let outcome: ReleaseOutcome = "released";
  const applied = await consumeOnce(db, RELEASE_CONSUMER, message, async (tx) => {
    const [row] = await tx.select().from(reservations).where(eq(reservations.orderId, orderId)).for("update");
    if (!row) {
      await tx.insert(reservations).values({ orderId, status: "released", reason: command.reason });
      outcome = "unknown-order";
      return;
    }
    if (row.status !== "reserved") {
      outcome = "not-reserved";
      return;
    }
    const now = new Date();
    const lines = await tx.select().from(reservationLines).where(eq(reservationLines.orderId, orderId));
    for (const line of lines) {
      await tx
        .update(stock)
        .set({
          available: sql`${stock.available} + ${line.quantity}`,
          reserved: sql`${stock.reserved} - ${line.quantity}`,
          updatedAt: now,
        })
        .where(and(eq(stock.sku, line.sku), eq(stock.storeId, line.storeId)));
    }
    await tx
      .update(reservations)
      .set({ status: "released", reason: command.reason, updatedAt: now })
      .where(eq(reservations.orderId, orderId));
    await enqueueStockChanged(
      tx,
      lines.map((l) => l.sku),
    );
  });
  return applied ? outcome : "duplicate";
}
