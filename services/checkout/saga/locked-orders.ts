/**
 * The orders a saga transaction holds locked, and what it decided about them: the orders are
 * locked once, in id order (the one order every saga transaction follows, so two never
 * deadlock), changed in memory, and everything decided is written at the end in one statement —
 * the changed orders, the carts emptied, the outbox messages, the audit entries — however many
 * replies (or overdue orders) the transaction applied.
 *
 * Each message and audit entry is stamped where it is decided, so what a batch writes at the end
 * still carries the trace of the reply that decided it.
 */
import { plainQuery, type Tx } from "@tessera/chassis/db";
import { type OutgoingMessage, outboxInsert, traceHeaders } from "@tessera/chassis/outbox";
import { type AuditEntry, type AuditRecord, auditRecord } from "../audit/log.ts";
import type { Order } from "../db/schema.ts";
import { ORDER_COLUMNS, type OrderRow, orderOf } from "./order-rows.ts";

/** The orders named (`$1`, ids), locked in id order. */
const LOCK_ORDERS = `select ${ORDER_COLUMNS} from orders where id = any($1::text[]) order by id for update`;

/** The number of the first parameter of the outbox rows in {@link writeDecided}. */
const MESSAGES_FROM = 9;

/**
 * The changed orders ($1–$7, one array per column), the carts emptied ($8), the outbox rows
 * (`messages`: their insert, parameters from {@link MESSAGES_FROM} on) and the audit entries
 * ($13–$17) in one statement; an empty array writes nothing of its part.
 */
const writeDecided = (messages: string) => `
  with changed as (
    update orders as o
    set state = v.state, step = v.step, reason = v.reason, payment_id = v.payment_id,
        deadline_at = v.deadline_at, updated_at = v.updated_at
    from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[])
      as v(id, state, step, reason, payment_id, deadline_at, updated_at)
    where o.id = v.id
  ), emptied as (
    delete from cart_lines where cart_id = any($8::text[])
  ), sent as (
    ${messages}
  )
  insert into audit_log (action, user_id, subject, detail, trace_id)
  select * from unnest($13::text[], $14::text[], $15::text[], $16::text[], $17::text[])`;

/** What a transition may change on an order (`updatedAt` is always set). */
export type OrderChange = Partial<Pick<Order, "state" | "step" | "reason" | "paymentId" | "deadlineAt">>;

export class LockedOrders {
  private readonly orders = new Map<string, Order>();
  private readonly changed = new Set<string>();
  private readonly messages: OutgoingMessage[] = [];
  private readonly audits: AuditRecord[] = [];
  private readonly emptied = new Set<string>();

  private constructor(orders: readonly Order[]) {
    for (const o of orders) this.orders.set(o.id, o);
  }

  /** Loads the orders `ids` name (those that exist) and locks their rows, in id order, until the transaction ends. */
  static async lock(tx: Tx, ids: Iterable<string>): Promise<LockedOrders> {
    const wanted = [...new Set(ids)].sort();
    if (wanted.length === 0) return new LockedOrders([]);
    const found = await plainQuery<OrderRow>(tx, LOCK_ORDERS, [wanted]);
    return new LockedOrders(found.map(orderOf));
  }

  /** The order as this transaction left it so far; undefined when it does not exist. */
  get(id: string): Order | undefined {
    return this.orders.get(id);
  }

  /** Every locked order, in id order, as this transaction left it so far. */
  all(): Order[] {
    return [...this.orders.values()];
  }

  /** Changes a locked order (written by {@link write}); returns it as changed. */
  change(order: Order, change: OrderChange): Order {
    if (!this.orders.has(order.id)) {
      throw new Error(`Order ${order.id} is not locked by this transaction`);
    }
    const next: Order = { ...order, ...change, updatedAt: new Date() };
    this.orders.set(order.id, next);
    this.changed.add(order.id);
    return next;
  }

  /** Messages to write to the outbox, each carrying the trace active now. */
  send(...messages: OutgoingMessage[]): void {
    const headers = traceHeaders();
    for (const m of messages) this.messages.push({ ...m, headers: m.headers ?? headers });
  }

  /** An audit entry to append, stamped with the trace active now. */
  audit(entry: AuditEntry): void {
    this.audits.push(auditRecord(entry));
  }

  /** A cart whose lines go (its order was confirmed). */
  emptyCart(cartId: string): void {
    this.emptied.add(cartId);
  }

  /**
   * Writes everything decided so far in one statement — the changed orders, the carts emptied,
   * the outbox messages, the audit entries (an empty part writes nothing) — and forgets it.
   */
  async write(tx: Tx): Promise<void> {
    const changed = [...this.changed].map((id) => this.orders.get(id) as Order);
    if (changed.length === 0 && this.messages.length === 0 && this.audits.length === 0) return;
    const iso = (d: Date | null) => d?.toISOString() ?? null;
    const messages = outboxInsert(this.messages, MESSAGES_FROM);
    const audits = this.audits;
    await plainQuery(tx, writeDecided(messages.text), [
      changed.map((o) => o.id),
      changed.map((o) => o.state),
      changed.map((o) => o.step),
      changed.map((o) => o.reason),
      changed.map((o) => o.paymentId),
      changed.map((o) => iso(o.deadlineAt)),
      changed.map((o) => iso(o.updatedAt)),
      [...this.emptied],
      ...messages.values,
      audits.map((r) => r.action),
      audits.map((r) => r.userId),
      audits.map((r) => r.subject),
      audits.map((r) => r.detail),
      audits.map((r) => r.traceId),
    ]);
    this.changed.clear();
    this.emptied.clear();
    this.messages.length = 0;
    this.audits.length = 0;
  }
}
