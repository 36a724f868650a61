/**
 * `inventory.release-stock` (the saga's compensation): an order's reserved units go back on the
 * shelves. Idempotent: a released, committed or rejected order is left alone. A release for an
 * order inventory has not seen is remembered, so a reserve arriving after it is refused.
 *
 * Commands that arrive while a transaction applies others are applied together in the next one:
 * the batch locks its reservations (order id order; one it has not seen is recorded released),
 * then every stock row they hold ((sku, store) order), releases each order in turn, writes the
 * rows once and announces each sku's new total once.
 */

import type { BusMessage } from "@tessera/chassis/bus";
import type { Db, Tx } from "@tessera/chassis/db";
import { batchedApplyOnce, enqueueAll } from "@tessera/chassis/outbox";
import { ReleaseStockV1 } from "@tessera/contracts/events";
import { reservations } from "../db/schema.ts";
import {
  type LockedReservation,
  lockReservations,
  type StatusChange,
  writeStatuses,
} from "../stock/locked-reservations.ts";
import { LockedShelves } from "../stock/locked-shelves.ts";
import { COMMAND_GATHER_MS } from "./gather.ts";
import { stockChangedMessages } from "./stock-changed.ts";

export const RELEASE_CONSUMER = "inventory-release-stock";

export type ReleaseOutcome = "released" | "unknown-order" | "not-reserved" | "duplicate";

interface ReleaseBatch {
  found: Map<string, LockedReservation>;
  /** The command that recorded each order not seen before (the first for that order). */
  recordedBy: Map<string, ReleaseStockV1>;
  shelves: LockedShelves;
  statuses: StatusChange[];
  changedSkus: Set<string>;
}

async function prepare(commands: readonly ReleaseStockV1[], tx: Tx): Promise<ReleaseBatch> {
  const found = await lockReservations(
    tx,
    commands.map((c) => c.orderId),
  );
  const recordedBy = new Map<string, ReleaseStockV1>();
  for (const c of commands)
    if (!found.has(c.orderId) && !recordedBy.has(c.orderId)) recordedBy.set(c.orderId, c);
  if (recordedBy.size > 0) {
    const unseen = [...recordedBy.values()].sort((a, b) => (a.orderId < b.orderId ? -1 : 1));
    const recorded = await tx
      .insert(reservations)
      .values(unseen.map((c) => ({ orderId: c.orderId, status: "released" as const, reason: c.reason })))
      .returning();
    for (const row of recorded) found.set(row.orderId, { row, lines: [] });
  }
  const held = [...found.values()].filter((r) => r.row.status === "reserved");
  const shelves = await LockedShelves.lock(
    tx,
    held.flatMap((r) => r.lines.map((l) => l.sku)),
  );
  return { found, recordedBy, shelves, statuses: [], changedSkus: new Set() };
}

function release(command: ReleaseStockV1, batch: ReleaseBatch): ReleaseOutcome {
  const { orderId, reason } = command;
  if (batch.recordedBy.get(orderId) === command) return "unknown-order";
  const reservation = batch.found.get(orderId) as LockedReservation;
  if (reservation.row.status !== "reserved") return "not-reserved";
  for (const line of reservation.lines) {
    batch.shelves.move(line.sku, line.storeId, { available: line.quantity, reserved: -line.quantity });
    batch.changedSkus.add(line.sku);
  }
  reservation.row.status = "released";
  batch.statuses.push({ orderId, status: "released", reason });
  return "released";
}

async function finish(batch: ReleaseBatch, tx: Tx): Promise<void> {
  const at = new Date();
  await batch.shelves.write(tx, at);
  await writeStatuses(tx, batch.statuses, at);
  await enqueueAll(tx, stockChangedMessages(batch.shelves.totals(batch.changedSkus), at));
}

/** The command applier for the bus (group commit, as {@link reserveApplier} in reserve-stock.ts). */
export function releaseApplier(db: Db): (message: BusMessage) => Promise<ReleaseOutcome> {
  const apply = batchedApplyOnce(db, RELEASE_CONSUMER, {
    gatherMs: COMMAND_GATHER_MS,
    parse: (message) => ReleaseStockV1.parse(message.data),
    prepare,
    handle: async (command, _tx, _message, batch) => release(command, batch),
    finish,
  });
  return async (message) => {
    const done = await apply(message);
    return done.applied ? done.value : "duplicate";
  };
}

/** Applies one command in a transaction of its own. */
export function releaseStock(db: Db, message: BusMessage): Promise<ReleaseOutcome> {
  return releaseApplier(db)(message);
}
