/**
 * `inventory.reserve-stock` from the checkout saga: every line or nothing, in one transaction with
 * the reply (`inventory.stock-reserved` or `inventory.stock-rejected`, through the outbox).
 * Once per message; a second command for an order already decided repeats the decision.
 */

import type { BusMessage } from "@tessera/chassis/bus";
import type { Db, Tx } from "@tessera/chassis/db";
import { consumeOnce, enqueue, enqueueAll } from "@tessera/chassis/outbox";
import {
  ReserveStockV1,
  STOCK_REJECTED,
  STOCK_RESERVED,
  StockRejectedV1,
  StockReservedV1,
} from "@tessera/contracts/events";
import { STORE_IDS } from "@tessera/contracts/reference/stores";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { reservationLines, reservations, stock } from "../db/schema.ts";
import { allocate, describeShortages, quantitiesBySku } from "../stock/allocate.ts";
import { stockChangedMessages } from "./stock-changed.ts";

export const RESERVE_CONSUMER = "inventory-reserve-stock";

export type ReserveOutcome = "reserved" | "rejected" | "repeated" | "duplicate";

function reserved(orderId: string, at: Date) {
  return StockReservedV1.parse({ type: "StockReserved", version: 1, orderId, reservedAt: at.toISOString() });
}

function rejected(orderId: string, reason: string, skus: string[]) {
  return StockRejectedV1.parse({ type: "StockRejected", version: 1, orderId, reason, skus });
}

/** Repeats the decision already taken for an order (the saga may send its command again). */
async function repeatDecision(tx: Tx, row: typeof reservations.$inferSelect): Promise<void> {
  if (row.status === "reserved" || row.status === "committed") {
    await enqueue(tx, STOCK_RESERVED, reserved(row.orderId, row.createdAt));
    return;
  }
  const reason = row.status === "released" ? "The order was cancelled." : (row.reason ?? "Not enough stock.");
  await enqueue(tx, STOCK_REJECTED, rejected(row.orderId, reason, []));
}

export async function reserveStock(db: Db, message: BusMessage): Promise<ReserveOutcome> {
  const command = ReserveStockV1.parse(message.data);
  const { orderId, storeId } = command;
  let outcome: ReserveOutcome = "reserved";
  const applied = await consumeOnce(db, RESERVE_CONSUMER, message, async (tx) => {
    // Claim the order: a reservation row of its own, unless it has one (decided before, or a
    // release came first) — then that decision is repeated. A concurrent claim waits on the key.
    const now = new Date();
    const [claimed] = await tx
      .insert(reservations)
      .values({ orderId, status: "reserved", storeId, createdAt: now, updatedAt: now })
      .onConflictDoNothing()
      .returning({ orderId: reservations.orderId });
    if (!claimed) {
      const [existing] = await tx
        .select()
        .from(reservations)
        .where(eq(reservations.orderId, orderId))
        .for("update");
      if (!existing) throw new Error(`The reservation of order ${orderId} conflicted but cannot be read`);
      await repeatDecision(tx, existing);
      outcome = "repeated";
      return;
    }
    const wanted = quantitiesBySku(command.lines);
    const reject = async (reason: string, skus: string[]) => {
      await tx
        .update(reservations)
        .set({ status: "rejected", reason, updatedAt: new Date() })
        .where(eq(reservations.orderId, orderId));
      await enqueue(tx, STOCK_REJECTED, rejected(orderId, reason, skus));
      outcome = "rejected";
    };
    if (storeId !== undefined && !(STORE_IDS as readonly string[]).includes(storeId)) {
      return reject(`There is no store "${storeId}".`, [...wanted.keys()]);
    }
    // Lock the rows in a fixed order so concurrent reservations never deadlock.
    const shelves = await tx
      .select({ sku: stock.sku, storeId: stock.storeId, available: stock.available })
      .from(stock)
      .where(inArray(stock.sku, [...wanted.keys()]))
      .orderBy(asc(stock.sku), asc(stock.storeId))
      .for("update");
    const plan = allocate(wanted, shelves, storeId);
    if (!plan.ok) {
      return reject(
        describeShortages(plan.shortages, storeId),
        plan.shortages.map((s) => s.sku),
      );
    }
    for (const a of plan.allocations) {
      await tx
        .update(stock)
        .set({
          available: sql`${stock.available} - ${a.quantity}`,
          reserved: sql`${stock.reserved} + ${a.quantity}`,
          updatedAt: now,
        })
        .where(and(eq(stock.sku, a.sku), eq(stock.storeId, a.storeId)));
    }
    await tx.insert(reservationLines).values(plan.allocations.map((a) => ({ orderId, ...a })));
    // every store's row of these skus is locked above: their totals after this reservation are
    // known without reading them again
    const totals = new Map<string, number>();
    for (const shelf of shelves) totals.set(shelf.sku, (totals.get(shelf.sku) ?? 0) + shelf.available);
    for (const a of plan.allocations) totals.set(a.sku, (totals.get(a.sku) ?? 0) - a.quantity);
    await enqueueAll(tx, [
      { subject: STOCK_RESERVED, payload: reserved(orderId, now) },
      ...stockChangedMessages(totals, now),
    ]);
  });
  return applied ? outcome : "duplicate";
}
