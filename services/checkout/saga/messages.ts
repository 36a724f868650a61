/**
 * The messages the saga sends, built with the contracts' schemas (a wrong field fails here, at
 * the sender, not at the receiver) and written to the outbox in the caller's transaction.
 */

import type { Executor } from "@tessera/chassis/db";
import { enqueue } from "@tessera/chassis/outbox";
import {
  AUTHORIZE_PAYMENT,
  AuthorizePaymentV1,
  COMMIT_STOCK,
  CommitStockV1,
  ORDER_CANCELLED,
  ORDER_CONFIRMED,
  ORDER_PLACED,
  OrderCancelledV1,
  OrderConfirmedV1,
  OrderPlacedV1,
  PaymentToken,
  RELEASE_STOCK,
  RESERVE_STOCK,
  ReleaseStockV1,
  ReserveStockV1,
  VOID_PAYMENT,
  VoidPaymentV1,
} from "@tessera/contracts/events";
import type { Order } from "../db/schema.ts";

export type CancelReason = OrderCancelledV1["reason"];

const total = (order: Order) => ({ amount: order.totalCents, currency: order.currency });

export const send = {
  orderPlaced: (tx: Executor, order: Order) =>
    enqueue(
      tx,
      ORDER_PLACED,
      OrderPlacedV1.parse({
        type: "OrderPlaced",
        version: 1,
        orderId: order.id,
        customerId: order.customerId,
        lines: order.lines,
        total: total(order),
        delivery: order.delivery,
        placedAt: order.placedAt.toISOString(),
      }),
    ),
  reserveStock: (tx: Executor, order: Order) =>
    enqueue(
      tx,
      RESERVE_STOCK,
      ReserveStockV1.parse({
        type: "ReserveStock",
        version: 1,
        orderId: order.id,
        lines: order.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
        ...(order.delivery.type === "pickup" ? { storeId: order.delivery.storeId } : {}),
      }),
    ),
  authorizePayment: (tx: Executor, order: Order) =>
    enqueue(
      tx,
      AUTHORIZE_PAYMENT,
      AuthorizePaymentV1.parse({
        type: "AuthorizePayment",
        version: 1,
        orderId: order.id,
        amount: total(order),
        token: PaymentToken.parse(order.paymentToken),
      }),
    ),
  commitStock: (tx: Executor, order: Order) =>
    enqueue(tx, COMMIT_STOCK, CommitStockV1.parse({ type: "CommitStock", version: 1, orderId: order.id })),
  releaseStock: (tx: Executor, order: Order, reason: string) =>
    enqueue(
      tx,
      RELEASE_STOCK,
      ReleaseStockV1.parse({ type: "ReleaseStock", version: 1, orderId: order.id, reason }),
    ),
  voidPayment: (tx: Executor, order: Order, reason: string) =>
    enqueue(
      tx,
      VOID_PAYMENT,
      VoidPaymentV1.parse({ type: "VoidPayment", version: 1, orderId: order.id, reason }),
    ),
  orderConfirmed: (tx: Executor, order: Order, at: Date) =>
    enqueue(
      tx,
      ORDER_CONFIRMED,
      OrderConfirmedV1.parse({
        type: "OrderConfirmed",
        version: 1,
        orderId: order.id,
        customerId: order.customerId,
        lines: order.lines,
        total: total(order),
        confirmedAt: at.toISOString(),
      }),
    ),
  orderCancelled: (tx: Executor, order: Order, reason: CancelReason, at: Date) =>
    enqueue(
      tx,
      ORDER_CANCELLED,
      OrderCancelledV1.parse({
        type: "OrderCancelled",
        version: 1,
        orderId: order.id,
        customerId: order.customerId,
        reason,
        cancelledAt: at.toISOString(),
      }),
    ),
};
