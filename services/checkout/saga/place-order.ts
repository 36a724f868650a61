/**
 * Starting the saga: the shopper's cart becomes a `pending` order, and in the same transaction
 * `checkout.order-placed` and the first command, `inventory.reserve-stock`, go to the outbox.
 * One pending order per cart: placing again while one runs returns that one (a double click
 * never buys twice).
 */

import type { Db } from "@tessera/chassis/db";
import { enqueueAll } from "@tessera/chassis/outbox";
import type { Delivery, PaymentToken } from "@tessera/contracts/events";
import { and, eq } from "drizzle-orm";
import { recordAudit } from "../audit/log.ts";
import { cartError, loadCartLines } from "../cart/cart.ts";
import { carts, type Order, orders } from "../db/schema.ts";
import { outgoing } from "./messages.ts";
import type { SagaTiming } from "./orchestrator.ts";
import { newOrderId } from "./order-id.ts";

export interface PlaceOrder {
  cartId: string | undefined;
  customerId: string | null;
  delivery: Delivery;
  paymentToken: PaymentToken;
}

/** Creates the order from the cart; refuses an empty cart or one with unavailable items. */
export async function placeOrder(db: Db, input: PlaceOrder, timing: SagaTiming): Promise<Order> {
  return db.transaction(async (tx) => {
    // the cart, locked, with the order already running for it (if any), in one statement
    const [cart] = input.cartId
      ? await tx
          .select({ id: carts.id, running: orders })
          .from(carts)
          .leftJoin(orders, and(eq(orders.cartId, carts.id), eq(orders.state, "pending")))
          .where(eq(carts.id, input.cartId))
          .for("update", { of: carts })
      : [];
    if (!cart)
      throw cartError("conflict", "empty-cart", "The cart is empty: add something before placing an order");
    if (cart.running) return cart.running;
    const view = await loadCartLines(tx, cart.id);
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
    const [order] = await tx
      .insert(orders)
      .values({
        id: newOrderId(),
        cartId: cart.id,
        customerId: input.customerId,
        state: "pending",
        step: "stock",
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
        deadlineAt: new Date(Date.now() + timing.stockTimeoutMs),
      })
      .returning();
    if (!order) throw new Error("Inserting the order returned nothing");
    await recordAudit(tx, {
      action: "order.placed",
      userId: order.customerId,
      subject: order.id,
      detail: `${(order.totalCents / 100).toFixed(2)} ${order.currency}`,
    });
    await enqueueAll(tx, [outgoing.orderPlaced(order), outgoing.reserveStock(order)]);
    return order;
  });
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
