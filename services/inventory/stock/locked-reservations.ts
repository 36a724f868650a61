/**
 * Reservations a transaction holds locked, with their lines, and their status changes written in
 * one statement. Reservation rows are locked before any stock row (and in order id order), the
 * same order a single reservation follows (its row, then its stock rows).
 */

import type { Tx } from "@tessera/chassis/db";
import { asc, eq, inArray, sql } from "drizzle-orm";
import { type ReservationStatus, reservationLines, reservations } from "../db/schema.ts";

export type ReservationRow = typeof reservations.$inferSelect;
export type ReservationLine = typeof reservationLines.$inferSelect;

/** A locked reservation and what it holds. */
export interface LockedReservation {
  row: ReservationRow;
  lines: ReservationLine[];
}

/** Locks the reservations of `orderIds` that exist (`for update`, in order id order), with their lines. */
export async function lockReservations(
  tx: Tx,
  orderIds: Iterable<string>,
): Promise<Map<string, LockedReservation>> {
  const ids = [...new Set(orderIds)].sort();
  const locked = new Map<string, LockedReservation>();
  if (ids.length === 0) return locked;
  const found = await tx
    .select({ row: reservations, line: reservationLines })
    .from(reservations)
    .leftJoin(reservationLines, eq(reservationLines.orderId, reservations.orderId))
    .where(inArray(reservations.orderId, ids))
    .orderBy(asc(reservations.orderId))
    .for("update", { of: reservations });
  for (const { row, line } of found) {
    const entry = locked.get(row.orderId) ?? { row, lines: [] };
    if (line) entry.lines.push(line);
    locked.set(row.orderId, entry);
  }
  return locked;
}

/** A reservation's new status (and why; a reason left out keeps the one it has). */
export interface StatusChange {
  orderId: string;
  status: ReservationStatus;
  reason?: string;
}

/** Writes status changes in one statement. */
export async function writeStatuses(tx: Tx, changes: readonly StatusChange[], at: Date): Promise<void> {
  if (changes.length === 0) return;
  await tx.execute(sql`
    update reservations as r
    set status = v.status, reason = coalesce(v.reason, r.reason), updated_at = ${at.toISOString()}::timestamptz
    from unnest(
      ${sql.param(changes.map((c) => c.orderId))}::text[],
      ${sql.param(changes.map((c) => c.status))}::text[],
      ${sql.param(changes.map((c) => c.reason ?? null))}::text[]
    ) as v(order_id, status, reason)
    where r.order_id = v.order_id`);
}
