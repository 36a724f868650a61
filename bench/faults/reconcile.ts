/**
 * Reconciliation from the services' own databases (read directly, not through the proxies) and
 * what the shoppers were told: every order final, none lost or duplicated, no payment taken
 * twice or kept for a cancelled order, stock conserved per sku and store.
 */
import type { Sql } from "postgres";
import type { FaultSystem } from "./system.ts";
import type { Attempt } from "./workload.ts";

export interface StockRow {
  sku: string;
  store_id: string;
  available: number;
  reserved: number;
  sold: number;
  received: number;
}

export type StockSnapshot = Map<string, StockRow>;
const key = (sku: string, store: string) => `${sku}@${store}`;

export async function stockSnapshot(sql: Sql): Promise<StockSnapshot> {
  const rows = await sql<StockRow[]>`select sku, store_id, available, reserved, sold, received from stock`;
  return new Map(rows.map((r) => [key(r.sku, r.store_id), r]));
}

/** Waits until nothing moves any more: no pending order, no unpublished outbox row, no message unacknowledged. */
export async function quiesce(
  system: FaultSystem,
  timeoutMs: number,
): Promise<{ ms: number; settled: boolean; busy: Record<string, number> }> {
  const t0 = Date.now();
  let calm = 0;
  let busy: Record<string, number> = {};
  while (Date.now() - t0 < timeoutMs) {
    busy = await withinMs(busyness(system), 15_000, "the harness's poll of what still moves").catch(
      (error: Error) => ({ [`error: ${error.message}`]: 1 }),
    );
    calm = Object.keys(busy).length === 0 ? calm + 1 : 0;
    if (calm >= 3) return { ms: Date.now() - t0, settled: true, busy };
    await Bun.sleep(300);
  }
  return { ms: Date.now() - t0, settled: false, busy };
}

/** `work`, or a rejection naming `what` when it takes longer than `ms`. */
async function withinMs<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took more than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** What still moves: pending orders, unpublished outbox rows, unacknowledged messages (by name). */
async function busyness(system: FaultSystem): Promise<Record<string, number>> {
  const busy: Record<string, number> = {};
  const [pending] = await system.sql.checkout<
    { n: number }[]
  >`select count(*)::int as n from orders where state = 'pending'`;
  if (pending?.n) busy["pending orders"] = pending.n;
  for (const [name, sql] of Object.entries(system.sql)) {
    const [row] = await sql<
      { n: number }[]
    >`select count(*)::int as n from outbox where published_at is null`;
    if (row?.n) busy[`${name} outbox`] = row.n;
  }
  const jsm = await system.jsm();
  for await (const stream of jsm.streams.list()) {
    for await (const consumer of jsm.consumers.list(stream.config.name)) {
      // the services' durable consumers; ephemeral ones (a dead process's registry watch) linger
      if (!consumer.config.durable_name) continue;
      const n = consumer.num_pending + consumer.num_ack_pending;
      if (n) busy[`consumer ${consumer.name}`] = n;
    }
  }
  return busy;
}

/** How often the run's consumers had messages redelivered (JetStream's count), and the dead letters. */
export async function busFigures(system: FaultSystem): Promise<{ redelivered: number; deadLetters: number }> {
  const jsm = await system.jsm();
  let redelivered = 0;
  let deadLetters = 0;
  for await (const stream of jsm.streams.list()) {
    if (stream.config.name.endsWith("_DLQ")) deadLetters += stream.state.messages;
    for await (const consumer of jsm.consumers.list(stream.config.name))
      redelivered += consumer.num_redelivered;
  }
  return { redelivered, deadLetters };
}

export interface Reconciliation {
  /** Orders the shoppers got an id for. */
  orders: number;
  refused: number;
  /** Shoppers that gave up without an answer. */
  unanswered: number;
  confirmed: number;
  cancelled: number;
  cancelledBy: Record<string, number>;
  /** Orders still pending (none may be). */
  notFinal: number;
  /** Ids a shopper got that checkout does not have. */
  lost: number;
  /** Orders beyond the first for one shopper's cart. */
  duplicated: number;
  /** More than one authorised payment for an order, or an authorised payment kept for a cancelled one. */
  doublePayments: number;
  /** Cancelled orders whose (timed-out) payment attempt was never voided. */
  unvoided: number;
  /** Confirmed orders without their authorised payment. */
  confirmedUnpaid: number;
}

/** An order as checkout's database has it. */
export interface OrderRow {
  id: string;
  customer_id: string;
  state: string;
  reason: string | null;
  payment_id: string | null;
}

/** A payment attempt as payments' database has it. */
export interface PaymentRow {
  id: string;
  order_id: string;
  status: string;
}

/** Figures for one set of shoppers (a scenario), from checkout's and payments' databases. */
export async function reconcileOrders(system: FaultSystem, attempts: Attempt[]): Promise<Reconciliation> {
  const customers = attempts.map((a) => a.customer);
  const rows = await system.sql.checkout<
    OrderRow[]
  >`select id, customer_id, state, reason, payment_id from orders where customer_id in ${system.sql.checkout(customers)}`;
  const ids = rows.map((r) => r.id);
  const payments = ids.length
    ? await system.sql.payments<PaymentRow[]>`
        select id, order_id, status from payments where order_id in ${system.sql.payments(ids)}`
    : [];
  return tallyOrders(attempts, rows, payments);
}

/** The order figures from what the shoppers were told and the rows of checkout and payments. */
export function tallyOrders(attempts: Attempt[], rows: OrderRow[], payments: PaymentRow[]): Reconciliation {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const perCustomer = new Map<string, number>();
  for (const r of rows) perCustomer.set(r.customer_id, (perCustomer.get(r.customer_id) ?? 0) + 1);
  const paymentsOf = new Map<string, { id: string; status: string }[]>();
  for (const p of payments) paymentsOf.set(p.order_id, [...(paymentsOf.get(p.order_id) ?? []), p]);
  const result: Reconciliation = {
    orders: attempts.filter((a) => a.orderId).length,
    refused: attempts.filter((a) => !a.orderId && a.refused).length,
    unanswered: attempts.filter((a) => !a.orderId && !a.refused).length,
    confirmed: 0,
    cancelled: 0,
    cancelledBy: {},
    notFinal: 0,
    lost: attempts.filter((a) => a.orderId && !byId.has(a.orderId)).length,
    duplicated: [...perCustomer.values()].reduce((s, n) => s + Math.max(0, n - 1), 0),
    doublePayments: 0,
    unvoided: 0,
    confirmedUnpaid: 0,
  };
  for (const order of rows) {
    const paid = paymentsOf.get(order.id) ?? [];
    const authorised = paid.filter((p) => p.status === "authorized");
    if (authorised.length > 1) result.doublePayments += authorised.length - 1;
    if (order.state === "confirmed") {
      result.confirmed++;
      if (!authorised.some((p) => p.id === order.payment_id)) result.confirmedUnpaid++;
    } else if (order.state === "cancelled") {
      result.cancelled++;
      const reason = order.reason ?? "?";
      result.cancelledBy[reason] = (result.cancelledBy[reason] ?? 0) + 1;
      result.doublePayments += authorised.length;
      result.unvoided += paid.filter((p) => p.status === "pending").length;
    } else {
      result.notFinal++;
    }
  }
  return result;
}

export interface StockReconciliation {
  /** Σ |difference| over sku and store, of every check below. */
  drift: number;
  /** available + reserved + sold ≠ received. */
  unbalanced: number;
  /** received ≠ initial + restocks. */
  receivedDrift: number;
  /** sold − sold at the start ≠ units of confirmed orders picked up at that store. */
  soldDrift: number;
  /** Units still reserved once every order is final (a reservation leaked). */
  leakedReserved: number;
  skus: number;
}

/** Stock conservation per sku and store, against the snapshot taken before the run and the restocks since. */
export async function reconcileStock(
  system: FaultSystem,
  initial: StockSnapshot,
  restocks: Map<string, number>,
): Promise<StockReconciliation> {
  const now = await stockSnapshot(system.sql.inventory);
  const confirmed = await system.sql.checkout<ConfirmedOrder[]>`
    select lines, delivery from orders where state = 'confirmed'`;
  return tallyStock(now, initial, restocks, confirmed);
}

/** A confirmed order's lines and where it is picked up. */
export interface ConfirmedOrder {
  lines: { sku: string; quantity: number }[];
  delivery: { storeId?: string };
}

/** Stock conservation from the stock now, the snapshot before, the restocks since and the confirmed orders. */
export function tallyStock(
  now: StockSnapshot,
  initial: StockSnapshot,
  restocks: Map<string, number>,
  confirmed: ConfirmedOrder[],
): StockReconciliation {
  const sold = new Map<string, number>();
  for (const order of confirmed) {
    for (const line of order.lines) {
      const k = key(line.sku, order.delivery.storeId ?? "?");
      sold.set(k, (sold.get(k) ?? 0) + line.quantity);
    }
  }
  const out: StockReconciliation = {
    drift: 0,
    unbalanced: 0,
    receivedDrift: 0,
    soldDrift: 0,
    leakedReserved: 0,
    skus: now.size,
  };
  const keys = new Set([...now.keys(), ...initial.keys(), ...sold.keys()]);
  for (const k of keys) {
    const row = now.get(k) ?? { available: 0, reserved: 0, sold: 0, received: 0 };
    const before = initial.get(k) ?? { available: 0, reserved: 0, sold: 0, received: 0 };
    out.unbalanced += Math.abs(row.available + row.reserved + row.sold - row.received);
    out.receivedDrift += Math.abs(row.received - (before.received + (restocks.get(k) ?? 0)));
    out.soldDrift += Math.abs(row.sold - before.sold - (sold.get(k) ?? 0));
    out.leakedReserved += Math.abs(row.reserved - before.reserved);
  }
  out.drift = out.unbalanced + out.receivedDrift + out.soldDrift + out.leakedReserved;
  return out;
}

export { key as stockKey };
