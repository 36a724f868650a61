/**
 * `inventory.commit-stock`: the order is confirmed, its reserved units become sold. Availability
 * does not change (it went down at reservation), so nothing is announced. Idempotent: only a
 * reserved order is committed; anything else is a no-op.
 *
 * Commands that arrive while a transaction applies others are applied together in the next one:
 * the batch locks its reservations (order id order), then every stock row they hold ((sku, store)
 * order), then commits each order in turn and writes the rows once.
 */

import type { BusMessage } from "@tessera/chassis/bus";
import type { Db, Tx } from "@tessera/chassis/db";
import { batchedApplyOnce } from "@tessera/chassis/outbox";
import { CommitStockV1 } from "@tessera/contracts/events";
import {
  type LockedReservation,
  lockReservations,
  type StatusChange,
  writeStatuses,
} from "../stock/locked-reservations.ts";
import { LockedShelves } from "../stock/locked-shelves.ts";
import { COMMAND_GATHER_MS } from "./gather.ts";

export const COMMIT_CONSUMER = "inventory-commit-stock";

export type CommitOutcome = "committed" | "unknown-order" | "not-reserved" | "duplicate";

interface CommitBatch {
  found: Map<string, LockedReservation>;
  shelves: LockedShelves;
  statuses: StatusChange[];
}

async function prepare(commands: readonly CommitStockV1[], tx: Tx): Promise<CommitBatch> {
  const found = await lockReservations(
    tx,
    commands.map((c) => c.orderId),
  );
  const held = [...found.values()].filter((r) => r.row.status === "reserved");
  const shelves = await LockedShelves.lock(
    tx,
    held.flatMap((r) => r.lines.map((l) => l.sku)),
  );
  return { found, shelves, statuses: [] };
}

function commit({ orderId }: CommitStockV1, batch: CommitBatch): CommitOutcome {
  const reservation = batch.found.get(orderId);
  if (!reservation) return "unknown-order";
  if (reservation.row.status !== "reserved") return "not-reserved";
  for (const line of reservation.lines) {
    batch.shelves.move(line.sku, line.storeId, { reserved: -line.quantity, sold: line.quantity });
  }
  reservation.row.status = "committed";
  batch.statuses.push({ orderId, status: "committed" });
  return "committed";
}

async function finish(batch: CommitBatch, tx: Tx): Promise<void> {
  const at = new Date();
  await batch.shelves.write(tx, at);
  await writeStatuses(tx, batch.statuses, at);
}

/** The command applier for the bus (group commit, as {@link reserveApplier} in reserve-stock.ts). */
export function commitApplier(db: Db): (message: BusMessage) => Promise<CommitOutcome> {
  const apply = batchedApplyOnce(db, COMMIT_CONSUMER, {
    gatherMs: COMMAND_GATHER_MS,
    parse: (message) => CommitStockV1.parse(message.data),
    prepare,
    handle: async (command, _tx, _message, batch) => commit(command, batch),
    finish,
  });
  return async (message) => {
    const done = await apply(message);
    return done.applied ? done.value : "duplicate";
  };
}

/** Applies one command in a transaction of its own. */
export function commitStock(db: Db, message: BusMessage): Promise<CommitOutcome> {
  return commitApplier(db)(message);
}
