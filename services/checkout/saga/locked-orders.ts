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
import type { Tx } from "@tessera/chassis/db";
import { type OutgoingMessage, traceHeaders } from "@tessera/chassis/outbox";
import { sql } from "drizzle-orm";
import { type AuditEntry, type AuditRecord, auditRecord } from "../audit/log.ts";
import { rows } from "../db/plain-sql.ts";
import type { Order } from "../db/schema.ts";
import { ORDER_COLUMNS, type OrderRow, orderOf } from "./order-rows.ts";
import { outboxRows, outboxSelect } from "./outbox-rows.ts";

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
    const found = await rows<OrderRow>(
      tx,
      sql`select ${ORDER_COLUMNS} from orders where id = any(${sql.param(wanted)}::text[]) order by id for update`,
    );
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
    const messages = outboxRows(this.messages);
    const audits = this.audits;
    await tx.execute(sql`
      with changed as (
        update orders as o
        set state = v.state, step = v.step, reason = v.reason, payment_id = v.payment_id,
            deadline_at = v.deadline_at, updated_at = v.updated_at
        from unnest(
          ${sql.param(changed.map((o) => o.id))}::text[],
          ${sql.param(changed.map((o) => o.state))}::text[],
          ${sql.param(changed.map((o) => o.step))}::text[],
          ${sql.param(changed.map((o) => o.reason))}::text[],
          ${sql.param(changed.map((o) => o.paymentId))}::text[],
          ${sql.param(changed.map((o) => iso(o.deadlineAt)))}::timestamptz[],
          ${sql.param(changed.map((o) => iso(o.updatedAt)))}::timestamptz[]
        ) as v(id, state, step, reason, payment_id, deadline_at, updated_at)
        where o.id = v.id
      ), emptied as (
        delete from cart_lines where cart_id = any(${sql.param([...this.emptied])}::text[])
      ), sent as (
        insert into outbox (id, subject, payload, headers) ${outboxSelect(messages, sql`true`)}
      )
      insert into audit_log (action, user_id, subject, detail, trace_id)
      select * from unnest(
        ${sql.param(audits.map((r) => r.action))}::text[],
        ${sql.param(audits.map((r) => r.userId))}::text[],
        ${sql.param(audits.map((r) => r.subject))}::text[],
        ${sql.param(audits.map((r) => r.detail))}::text[],
        ${sql.param(audits.map((r) => r.traceId))}::text[]
      )`);
    this.changed.clear();
    this.emptied.clear();
    this.messages.length = 0;
    this.audits.length = 0;
  }
}
