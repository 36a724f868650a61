/**
 * `inventory.reserve-stock` from the checkout saga: every line or nothing, in one transaction with
 * the reply (`inventory.stock-reserved` or `inventory.stock-rejected`, through the outbox).
 * Once per message; a second command for an order already decided repeats the decision.
 *
 * Commands that arrive while a transaction applies others are applied together in the next one
 * (`batchedApplyOnce`): the batch claims its orders' reservation rows, then locks every stock row
 * of every sku it needs in (sku, store) order, before deciding any order — the same order as one
 * command alone, so batches never deadlock against each other or against a release or commit.
 * Each order is still decided on its own (one that cannot be fulfilled is rejected alone), in
 * the order the commands came; `stock-changed` is announced once per sku per transaction, with
 * the total after the last order.
 */

import type { BusMessage } from "@tessera/chassis/bus";
import { type Db, plainQuery, type Tx } from "@tessera/chassis/db";
import { batchedApplyOnce, enqueueAll, type OutgoingMessage, traceHeaders } from "@tessera/chassis/outbox";
import {
  ReserveStockV1,
  STOCK_REJECTED,
  STOCK_RESERVED,
  StockRejectedV1,
  StockReservedV1,
} from "@tessera/contracts/events";
import { STORE_IDS } from "@tessera/contracts/reference/stores";
import { allocate, describeShortages, quantitiesBySku } from "../stock/allocate.ts";
import {
  lockReservations,
  RESERVATION_FIELDS,
  type ReservationLine,
  type ReservationRow,
  type StatusChange,
  writeStatuses,
} from "../stock/locked-reservations.ts";
import { LockedShelves } from "../stock/locked-shelves.ts";
import { COMMAND_GATHER_MS } from "./gather.ts";
import { stockChangedMessages } from "./stock-changed.ts";

export const RESERVE_CONSUMER = "inventory-reserve-stock";

export type ReserveOutcome = "reserved" | "rejected" | "repeated" | "duplicate";

/** Claims each order without a reservation yet (in the order given: order id order); returns those claimed. */
const CLAIM = `insert into reservations (order_id, status, store_id, created_at, updated_at)
  select v.order_id, 'reserved', v.store_id, $3::timestamptz, $3::timestamptz
  from unnest($1::text[], $2::text[]) as v(order_id, store_id)
  on conflict do nothing
  returning ${RESERVATION_FIELDS}`;

/** The batch's reservation lines, in one statement. */
const INSERT_LINES = `insert into reservation_lines (order_id, sku, store_id, quantity)
  select * from unnest($1::text[], $2::text[], $3::text[], $4::int[])`;

function reserved(orderId: string, at: Date) {
  return StockReservedV1.parse({ type: "StockReserved", version: 1, orderId, reservedAt: at.toISOString() });
}

function rejected(orderId: string, reason: string, skus: string[]) {
  return StockRejectedV1.parse({ type: "StockRejected", version: 1, orderId, reason, skus });
}

/** The decision already taken for an order, repeated (the saga may send its command again). */
function repeatDecision(row: ReservationRow): OutgoingMessage {
  if (row.status === "reserved" || row.status === "committed") {
    return {
      subject: STOCK_RESERVED,
      payload: reserved(row.orderId, row.createdAt),
      headers: traceHeaders(),
    };
  }
  const reason = row.status === "released" ? "The order was cancelled." : (row.reason ?? "Not enough stock.");
  return { subject: STOCK_REJECTED, payload: rejected(row.orderId, reason, []), headers: traceHeaders() };
}

/** What one transaction's commands share: their orders' rows, the stock rows, what to write. */
interface ReserveBatch {
  now: Date;
  /** The command that claimed each order claimed here (the first for that order). */
  claimedBy: Map<string, ReserveStockV1>;
  rows: Map<string, ReservationRow>;
  shelves: LockedShelves;
  lines: ReservationLine[];
  statuses: StatusChange[];
  outgoing: OutgoingMessage[];
  changedSkus: Set<string>;
}

async function prepare(commands: readonly ReserveStockV1[], tx: Tx): Promise<ReserveBatch> {
  // Claim each order: a reservation row of its own (in order id order), unless it has one
  // (decided before, or a release came first) — then that decision is repeated.
  const now = new Date();
  const first = new Map<string, ReserveStockV1>();
  for (const c of commands) if (!first.has(c.orderId)) first.set(c.orderId, c);
  const ids = [...first.keys()].sort();
  const inserted = await plainQuery<ReservationRow>(tx, CLAIM, [
    ids,
    ids.map((id) => first.get(id)?.storeId ?? null),
    now,
  ]);
  const rows = new Map(inserted.map((r) => [r.orderId, r]));
  const claimedBy = new Map([...rows.keys()].map((id) => [id, first.get(id) as ReserveStockV1]));
  const decided = ids.filter((id) => !rows.has(id));
  for (const [id, { row }] of await lockReservations(tx, decided)) rows.set(id, row);
  const missing = decided.find((id) => !rows.has(id));
  if (missing) throw new Error(`The reservation of order ${missing} conflicted but cannot be read`);
  // then every store's row of every sku the claimed orders want, in (sku, store) order
  const skus = [...claimedBy.values()].flatMap((c) => c.lines.map((l) => l.sku));
  const shelves = await LockedShelves.lock(tx, skus);
  return { now, claimedBy, rows, shelves, lines: [], statuses: [], outgoing: [], changedSkus: new Set() };
}

async function decide(command: ReserveStockV1, batch: ReserveBatch): Promise<ReserveOutcome> {
  const { orderId, storeId } = command;
  const row = batch.rows.get(orderId) as ReservationRow;
  if (batch.claimedBy.get(orderId) !== command) {
    batch.outgoing.push(repeatDecision(row));
    return "repeated";
  }
  const wanted = quantitiesBySku(command.lines);
  const reject = (reason: string, skus: string[]): ReserveOutcome => {
    row.status = "rejected";
    row.reason = reason;
    batch.statuses.push({ orderId, status: "rejected", reason });
    batch.outgoing.push({
      subject: STOCK_REJECTED,
      payload: rejected(orderId, reason, skus),
      headers: traceHeaders(),
    });
    return "rejected";
  };
  if (storeId !== undefined && !(STORE_IDS as readonly string[]).includes(storeId)) {
    return reject(`There is no store "${storeId}".`, [...wanted.keys()]);
  }
  const plan = allocate(wanted, batch.shelves.shelves(wanted.keys()), storeId);
  if (!plan.ok) {
    return reject(
      describeShortages(plan.shortages, storeId),
      plan.shortages.map((s) => s.sku),
    );
  }
  for (const a of plan.allocations) {
    batch.shelves.move(a.sku, a.storeId, { available: -a.quantity, reserved: a.quantity });
    batch.lines.push({ orderId, ...a });
    batch.changedSkus.add(a.sku);
  }
  batch.outgoing.push({
    subject: STOCK_RESERVED,
    payload: reserved(orderId, batch.now),
    headers: traceHeaders(),
  });
  return "reserved";
}

async function finish(batch: ReserveBatch, tx: Tx): Promise<void> {
  const at = new Date();
  await batch.shelves.write(tx, at);
  if (batch.lines.length > 0) {
    await plainQuery(tx, INSERT_LINES, [
      batch.lines.map((l) => l.orderId),
      batch.lines.map((l) => l.sku),
      batch.lines.map((l) => l.storeId),
      batch.lines.map((l) => l.quantity),
    ]);
  }
  await writeStatuses(tx, batch.statuses, at);
  // every store's row of these skus is locked: their totals after the batch are known
  await enqueueAll(tx, [
    ...batch.outgoing,
    ...stockChangedMessages(batch.shelves.totals(batch.changedSkus), at),
  ]);
}

/**
 * The command applier for the bus: commands that arrive while one transaction applies others are
 * applied together in the next one (group commit), each recorded with its effect.
 */
export function reserveApplier(db: Db): (message: BusMessage) => Promise<ReserveOutcome> {
  const apply = batchedApplyOnce(db, RESERVE_CONSUMER, {
    gatherMs: COMMAND_GATHER_MS,
    parse: (message) => ReserveStockV1.parse(message.data),
    prepare,
    handle: (command, _tx, _message, batch) => decide(command, batch),
    finish,
  });
  return async (message) => {
    const done = await apply(message);
    return done.applied ? done.value : "duplicate";
  };
}

/** Applies one command in a transaction of its own. */
export function reserveStock(db: Db, message: BusMessage): Promise<ReserveOutcome> {
  return reserveApplier(db)(message);
}
