/**
 * Starting the saga: the shopper's cart becomes a `pending` order, and in the same statement its
 * audit entry, `checkout.order-placed` and the first command, `inventory.reserve-stock`, go to
 * the outbox. One pending order per cart: placing again while one runs returns that one (a
 * double click never buys twice) — the database holds it (a unique index on pending orders' cart).
 */

import { type Executor, plainQuery } from "@tessera/chassis/db";
import { outboxInsert } from "@tessera/chassis/outbox";
import type { Delivery, PaymentToken } from "@tessera/contracts/events";
import { auditRecord } from "../audit/log.ts";
import { cartError, cartView, LINE_COLUMNS, type LineRow } from "../cart/cart.ts";
import type { Order } from "../db/schema.ts";
import { outgoing } from "./messages.ts";
import type { SagaTiming } from "./orchestrator.ts";
import { newOrderId } from "./order-id.ts";
import { ORDER_COLUMNS, type OrderRow, orderOf } from "./order-rows.ts";

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
  const [row] = await plainQuery<OrderRow>(
    db,
    `select ${ORDER_COLUMNS} from orders where cart_id = $1 and state = 'pending'`,
    [cartId],
  );
  return row && orderOf(row);
}

/** The cart with its running order and its lines priced ({@link CartRow}s), in the order they were added. */
const READ_CART = `select c.id as "cartId",
    (select o.id from orders o where o.cart_id = c.id and o.state = 'pending') as running,
    ${LINE_COLUMNS}
  from carts c
  left join cart_lines l on l.cart_id = c.id
  left join products p on p.sku = l.sku
  left join stock s on s.sku = l.sku
  where c.id = $1
  order by l.added_at, l.sku`;

/** The number of the first parameter of the order's messages in {@link insertOrder}. */
const MESSAGES_FROM = 16;

/**
 * The order, its audit entry and its messages (`messages`: their outbox insert, its parameters
 * from {@link MESSAGES_FROM} on), written only when the cart has no pending order (the unique
 * index on pending orders' cart); answers the order's id when it was written.
 */
const insertOrder = (messages: string) => `with placed as (
    insert into orders (id, cart_id, customer_id, state, step, lines, total_cents, currency,
                        delivery, payment_token, deadline_at, placed_at, updated_at)
    values ($1::text, $2::text, $3::text, 'pending', 'stock', $4::jsonb, $5::int, $6::text,
            $7::jsonb, $8::text, $9::timestamptz, $10::timestamptz, $11::timestamptz)
    on conflict (cart_id) where state = 'pending' do nothing
    returning id
  ), audited as (
    insert into audit_log (action, user_id, subject, detail, trace_id)
    select $12::text, $13::text, id, $14::text, $15::text from placed
  ), sent as (
    ${messages} where exists (select from placed)
  )
  select id from placed`;

/**
 * Creates the order from the cart; refuses an empty cart or one with unavailable items. Two
 * statements, each atomic on its own, and no transaction around them: the cart read with its
 * lines and its running order, then the order written together with its audit entry and its
 * outbox messages — only if the cart has no pending order by then (the unique index decides:
 * a place that loses a race to another writes nothing and returns the other's order). The order
 * holds the lines as that read saw them, as it held them as the cart's lock saw them before.
 */
export async function placeOrder(db: Executor, input: PlaceOrder, timing: SagaTiming): Promise<Order> {
  const found = input.cartId ? await plainQuery<CartRow>(db, READ_CART, [input.cartId]) : [];
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
  const messages = outboxInsert([outgoing.orderPlaced(order), outgoing.reserveStock(order)], MESSAGES_FROM);
  const [placed] = await plainQuery<{ id: string }>(db, insertOrder(messages.text), [
    order.id,
    order.cartId,
    order.customerId,
    JSON.stringify(order.lines),
    order.totalCents,
    order.currency,
    JSON.stringify(order.delivery),
    order.paymentToken,
    (order.deadlineAt as Date).toISOString(),
    now.toISOString(),
    now.toISOString(),
    audit.action,
    audit.userId,
    audit.detail,
    audit.traceId,
    ...messages.values,
  ]);
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
