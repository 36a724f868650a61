/**
 * Reservations a transaction holds locked, with their lines, and their status changes written in
 * one statement. Reservation rows are locked before any stock row (and in order id order), the
 * same order a single reservation follows (its row, then its stock rows).
 */

import { plainQuery, type Tx } from "@tessera/chassis/db";
import type { ReservationStatus, reservationLines, reservations } from "../db/schema.ts";

export type ReservationRow = typeof reservations.$inferSelect;
export type ReservationLine = typeof reservationLines.$inferSelect;

/** A reservation's columns under their field names (what drizzle's `select()` gives). */
export const RESERVATION_FIELDS = `order_id as "orderId", status, store_id as "storeId", reason,
  created_at as "createdAt", updated_at as "updatedAt"`;

/** The reservations, locked in order id order, each with its lines (none: one row of nulls). */
const LOCK = `select r.order_id as "orderId", r.status, r.store_id as "storeId", r.reason,
    r.created_at as "createdAt", r.updated_at as "updatedAt",
    l.sku as "lineSku", l.store_id as "lineStoreId", l.quantity as "lineQuantity"
  from reservations r left join reservation_lines l on l.order_id = r.order_id
  where r.order_id = any($1::text[]) order by r.order_id for update of r`;

/** Status changes, in one statement. */
const WRITE_STATUSES = `update reservations as r
  set status = v.status, reason = coalesce(v.reason, r.reason), updated_at = $4::timestamptz
  from unnest($1::text[], $2::text[], $3::text[]) as v(order_id, status, reason)
  where r.order_id = v.order_id`;

type LockedRow = ReservationRow & {
  lineSku: string | null;
  lineStoreId: string | null;
  lineQuantity: number | null;
};

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
  const found = await plainQuery<LockedRow>(tx, LOCK, [ids]);
  for (const { lineSku, lineStoreId, lineQuantity, ...row } of found) {
    const entry = locked.get(row.orderId) ?? { row, lines: [] };
    if (lineSku !== null && lineStoreId !== null && lineQuantity !== null) {
      entry.lines.push({ orderId: row.orderId, sku: lineSku, storeId: lineStoreId, quantity: lineQuantity });
    }
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
  await plainQuery(tx, WRITE_STATUSES, [
    changes.map((c) => c.orderId),
    changes.map((c) => c.status),
    changes.map((c) => c.reason ?? null),
    at,
  ]);
}
