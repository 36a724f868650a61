/**
 * Starting the saga: the shopper's cart becomes a `pending` order, and in the same statement its
 * audit entry, `checkout.order-placed` and the first command, `inventory.reserve-stock`, go to
 * the outbox. One pending order per cart: placing again while one runs returns that one (a
 * double click never buys twice) — the database holds it (a unique index on pending orders' cart).
 */

import type { Executor } from "@tessera/chassis/db";
import type { Delivery, PaymentToken } from "@tessera/contracts/events";
import { sql } from "drizzle-orm";
import { auditRecord } from "../audit/log.ts";
import { cartError, cartView, LINE_COLUMNS, type LineRow } from "../cart/cart.ts";
import { rows } from "../db/plain-sql.ts";
import type { Order } from "../db/schema.ts";
import { outgoing } from "./messages.ts";
import type { SagaTiming } from "./orchestrator.ts";
import { newOrderId } from "./order-id.ts";
import { ORDER_COLUMNS, type OrderRow, orderOf } from "./order-rows.ts";
import { outboxRows, outboxSelect } from "./outbox-rows.ts";

export interface PlaceOrder {
  cartId: string | undefined;
  customerId: string | null;
  delivery: Delivery;
  paymentToken: PaymentToken;
}

/** The cart with the order running for it (if any) and its lines priced: one row per line. */
interface CartRow extends Omit<LineRow, "sku" | "quantity"> {
  cartId: string;
  running: string | null;
  /** Null in the one row of a cart without lines. */
  sku: string | null;
  quantity: number | null;
}

/** The pending order of a cart, if there is one. */
async function runningOrder(db: Executor, cartId: string): Promise<Order | undefined> {
  const [row] = await rows<OrderRow>(
    db,
    sql`select ${ORDER_COLUMNS} from orders where cart_id = ${cartId} and state = 'pending'`,
  );
  return row && orderOf(row);
}

/**
 * Creates the order from the cart; refuses an empty cart or one with unavailable items. Two
 * statements, each atomic on its own, and no transaction around them: the cart read with its
 * lines and its running order, then the order written together with its audit entry and its
 * outbox messages — only if the cart has no pending order by then (the unique index decides:
 * a place that loses a race to another writes nothing and returns the other's order). The order
 * holds the lines as that read saw them, as it held them as the cart's lock saw them before.
 */
export async function placeOrder(db: Executor, input: PlaceOrder, timing: SagaTiming): Promise<Order> {
  const found = input.cartId
    ? await rows<CartRow>(
        db,
        sql`select c.id as "cartId",
              (select o.id from orders o where o.cart_id = c.id and o.state = 'pending') as running,
              ${LINE_COLUMNS}
            from carts c
            left join cart_lines l on l.cart_id = c.id
            left join products p on p.sku = l.sku
            left join stock s on s.sku = l.sku
            where c.id = ${input.cartId}
            order by l.added_at, l.sku`,
      )
    : [];
  const [cart] = found;
  if (!cart)
    throw cartError("conflict", "empty-cart", "The cart is empty: add something before placing an order");
  if (cart.running) {
    const running = await runningOrder(db, cart.cartId);
    if (running) return running;
  }
  const view = cartView(
    cart.cartId,
    found.filter((r): r is CartRow & LineRow => r.sku !== null),
  );
  if (view.lines.length === 0) {
    throw cartError("conflict", "empty-cart", "The cart is empty: add something before placing an order");
  }
  const unavailable = view.lines.filter((l) => l.unavailable).map((l) => l.sku);
  if (unavailable.length > 0) {
    throw cartError(
      "conflict",
      "cart-unavailable",
      `These items can no longer be bought: ${unavailable.join(", ")}`,
      { skus: unavailable },
    );
  }
  const now = new Date();
  const order: Order = {
    id: newOrderId(),
    cartId: cart.cartId,
    customerId: input.customerId,
    state: "pending",
    step: "stock",
    reason: null,
    lines: view.lines.map((l) => ({
      sku: l.sku,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      name: l.name,
    })),
    totalCents: view.total.amount,
    currency: view.total.currency,
    delivery: input.delivery,
    paymentToken: input.paymentToken,
    paymentId: null,
    deadlineAt: new Date(now.getTime() + timing.stockTimeoutMs),
    placedAt: now,
    updatedAt: now,
  };
  const audit = auditRecord({
    action: "order.placed",
    userId: order.customerId,
    subject: order.id,
    detail: `${(order.totalCents / 100).toFixed(2)} ${order.currency}`,
  });
  const messages = outboxRows([outgoing.orderPlaced(order), outgoing.reserveStock(order)]);
  const [placed] = await rows<{ id: string }>(
    db,
    sql`with placed as (
          insert into orders (id, cart_id, customer_id, state, step, lines, total_cents, currency,
                              delivery, payment_token, deadline_at, placed_at, updated_at)
          values (${order.id}::text, ${order.cartId}::text, ${order.customerId}::text, 'pending', 'stock',
                  ${JSON.stringify(order.lines)}::jsonb, ${order.totalCents}::int, ${order.currency}::text,
                  ${JSON.stringify(order.delivery)}::jsonb, ${order.paymentToken}::text,
                  ${(order.deadlineAt as Date).toISOString()}::timestamptz, ${now.toISOString()}::timestamptz,
                  ${now.toISOString()}::timestamptz)
          on conflict (cart_id) where state = 'pending' do nothing
          returning id
        ), audited as (
          insert into audit_log (action, user_id, subject, detail, trace_id)
          select ${audit.action}::text, ${audit.userId}::text, id, ${audit.detail}::text, ${audit.traceId}::text
          from placed
        ), sent as (
          insert into outbox (id, subject, payload, headers)
          ${outboxSelect(messages, sql`exists (select from placed)`)}
        )
        select id from placed`,
  );
  if (placed) return order;
  // another place of this cart wrote its order after this one read the cart
  const running = await runningOrder(db, cart.cartId);
  if (running) return running;
  throw new Error(`Placing an order for cart ${cart.cartId} wrote nothing, yet it has no pending order`);
}

/** The order as the API, the pages and identity's account page see it. */
export function orderView(order: Order) {
  return {
    id: order.id,
    state: order.state,
    reason: order.reason,
    customerId: order.customerId,
    lines: order.lines,
    total: { amount: order.totalCents, currency: order.currency },
    delivery: order.delivery,
    placedAt: order.placedAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
  };
}
export type OrderView = ReturnType<typeof orderView>;

/** Whether the shopper (cart cookie or signed-in user) may see the order. */
export function mayRead(order: Order, cartId: string | undefined, userId: string | undefined): boolean {
  return (cartId !== undefined && order.cartId === cartId) || (!!userId && order.customerId === userId);
}
