/**
 * The messages the saga sends, built with the contracts' schemas (a wrong field fails here, at
 * the sender, not at the receiver) and written to the outbox in the caller's transaction: `send.x`
 * writes one, `enqueueAll(tx, [outgoing.x(…), outgoing.y(…)])` several in one statement.
 */

import type { Executor } from "@tessera/chassis/db";
import { enqueueAll, type OutgoingMessage } from "@tessera/chassis/outbox";
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

/** Each message the saga sends, built and checked against its contract (not yet written). */
export const outgoing = {
  orderPlaced: (order: Order): OutgoingMessage => ({
    subject: ORDER_PLACED,
    payload: OrderPlacedV1.parse({
      type: "OrderPlaced",
      version: 1,
      orderId: order.id,
      customerId: order.customerId,
      lines: order.lines,
      total: total(order),
      delivery: order.delivery,
      placedAt: order.placedAt.toISOString(),
    }),
  }),
  reserveStock: (order: Order): OutgoingMessage => ({
    subject: RESERVE_STOCK,
    payload: ReserveStockV1.parse({
      type: "ReserveStock",
      version: 1,
      orderId: order.id,
      lines: order.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
      ...(order.delivery.type === "pickup" ? { storeId: order.delivery.storeId } : {}),
    }),
  }),
  authorizePayment: (order: Order): OutgoingMessage => ({
    subject: AUTHORIZE_PAYMENT,
    payload: AuthorizePaymentV1.parse({
      type: "AuthorizePayment",
      version: 1,
      orderId: order.id,
      amount: total(order),
      token: PaymentToken.parse(order.paymentToken),
    }),
  }),
  commitStock: (order: Order): OutgoingMessage => ({
    subject: COMMIT_STOCK,
    payload: CommitStockV1.parse({ type: "CommitStock", version: 1, orderId: order.id }),
  }),
  releaseStock: (order: Order, reason: string): OutgoingMessage => ({
    subject: RELEASE_STOCK,
    payload: ReleaseStockV1.parse({ type: "ReleaseStock", version: 1, orderId: order.id, reason }),
  }),
  voidPayment: (order: Order, reason: string): OutgoingMessage => ({
    subject: VOID_PAYMENT,
    payload: VoidPaymentV1.parse({ type: "VoidPayment", version: 1, orderId: order.id, reason }),
  }),
  orderConfirmed: (order: Order, at: Date): OutgoingMessage => ({
    subject: ORDER_CONFIRMED,
    payload: OrderConfirmedV1.parse({
      type: "OrderConfirmed",
      version: 1,
      orderId: order.id,
      customerId: order.customerId,
      lines: order.lines,
      total: total(order),
      confirmedAt: at.toISOString(),
    }),
  }),
  orderCancelled: (order: Order, reason: CancelReason, at: Date): OutgoingMessage => ({
    subject: ORDER_CANCELLED,
    payload: OrderCancelledV1.parse({
      type: "OrderCancelled",
      version: 1,
      orderId: order.id,
      customerId: order.customerId,
      reason,
      cancelledAt: at.toISOString(),
    }),
  }),
};

type Builders = typeof outgoing;

/** Writes one message to the outbox in the caller's transaction: `send.x(tx, …)` for `outgoing.x(…)`. */
export const send = Object.fromEntries(
  Object.entries(outgoing).map(([name, build]) => [
    name,
    (tx: Executor, ...args: unknown[]) =>
      enqueueAll(tx, [(build as (...a: unknown[]) => OutgoingMessage)(...args)]).then(([id]) => id as string),
  ]),
) as {
  [K in keyof Builders]: (tx: Executor, ...args: Parameters<Builders[K]>) => Promise<string>;
};
