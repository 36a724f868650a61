/**
 * The checkout saga's orchestrator: one state machine per order, driven by inventory's and
 * payments' replies and by time. Every transition locks the order row, changes it and writes the
 * messages it implies to the outbox in one transaction; every reply is applied once per message
 * id (idempotent consumer), and a reply that no longer fits the order's state either does
 * nothing (a duplicate) or compensates (a late reservation is released, a late authorisation
 * voided).
 *
 *   pending/stock ──stock-reserved──▶ pending/payment ──payment-authorized──▶ confirmed
 *        │                                 │                                  (commit stock, empty cart)
 *        ├─stock-rejected──▶ cancelled     ├─payment-declined──▶ cancelled (release stock)
 *        └─timeout─────────▶ cancelled     └─timeout───────────▶ cancelled (void payment, release stock)
 *                            (release stock)
 */

import type { BusMessage } from "@tessera/chassis/bus";
import type { Db, Tx } from "@tessera/chassis/db";
import { batchedApplyOnce, consumeOnce, enqueueAll, parseMessage } from "@tessera/chassis/outbox";
import {
  PAYMENT_AUTHORIZED,
  PAYMENT_DECLINED,
  PaymentAuthorizedV1,
  PaymentDeclinedV1,
  STOCK_REJECTED,
  STOCK_RESERVED,
  StockRejectedV1,
  StockReservedV1,
} from "@tessera/contracts/events";
import { asc, eq, inArray } from "drizzle-orm";
import { recordAudit } from "../audit/log.ts";
import { emptyCartLines } from "../cart/cart.ts";
import { type Order, orders } from "../db/schema.ts";
import { type CancelReason, outgoing, send } from "./messages.ts";

/** The consumer name the saga records processed reply ids under. */
export const SAGA_CONSUMER = "checkout-saga";

/**
 * Replies handed at once to a reply consumer's applier ({@link replyApplier}): those that come
 * while one transaction runs are applied together, in order, in the next one.
 */
export const SAGA_CONCURRENCY = 16;

/** The replies the saga consumes, each with its own durable consumer. */
export const REPLY_SUBJECTS = [STOCK_RESERVED, STOCK_REJECTED, PAYMENT_AUTHORIZED, PAYMENT_DECLINED] as const;

export interface SagaTiming {
  stockTimeoutMs: number;
  paymentTimeoutMs: number;
}

/** What a reply did to its order (for logs and tests). */
export type Outcome =
  | "advanced"
  | "confirmed"
  | "cancelled"
  | "compensated"
  | "ignored"
  | "unknown-order"
  | "duplicate";

/** What a reply did, and the order as it left it when it changed it. */
export interface Step {
  outcome: Outcome;
  order?: Order;
}

/** Loads an order and locks its row until the transaction ends. */
export async function lockOrder(tx: Tx, orderId: string): Promise<Order | undefined> {
  const [order] = await tx.select().from(orders).where(eq(orders.id, orderId)).for("update");
  return order;
}

/** Loads orders and locks their rows (in id order, so two batches never deadlock) until the transaction ends. */
async function lockOrders(tx: Tx, orderIds: readonly string[]): Promise<Map<string, Order>> {
  const ids = [...new Set(orderIds)].sort();
  const rows = await tx
    .select()
    .from(orders)
    .where(inArray(orders.id, ids))
    .orderBy(asc(orders.id))
    .for("update");
  return new Map(rows.map((o) => [o.id, o]));
}

async function update(tx: Tx, order: Order, change: Partial<Order>): Promise<Order> {
  const [row] = await tx
    .update(orders)
    .set({ ...change, updatedAt: new Date() })
    .where(eq(orders.id, order.id))
    .returning();
  if (!row) throw new Error(`Order ${order.id} vanished while it was locked`);
  return row;
}

/**
 * Cancels a pending order with its compensations, in the caller's transaction: stock is released
 * unless inventory refused it, the payment is voided when it may have been authorised.
 */
export async function cancelOrder(
  tx: Tx,
  order: Order,
  reason: CancelReason,
  now = new Date(),
): Promise<Order> {
  const cancelled = await update(tx, order, { state: "cancelled", step: null, deadlineAt: null, reason });
  await enqueueAll(tx, [
    ...(reason === "payment-timeout" ? [outgoing.voidPayment(cancelled, reason)] : []),
    ...(reason !== "out-of-stock" ? [outgoing.releaseStock(cancelled, reason)] : []),
    outgoing.orderCancelled(cancelled, reason, now),
  ]);
  await recordAudit(tx, {
    action: "order.cancelled",
    userId: cancelled.customerId,
    subject: cancelled.id,
    detail: reason,
  });
  return cancelled;
}

async function stockReserved(tx: Tx, order: Order | undefined, timing: SagaTiming): Promise<Step> {
  if (!order) return { outcome: "unknown-order" };
  if (order.state === "pending" && order.step === "stock") {
    const next = await update(tx, order, {
      step: "payment",
      deadlineAt: new Date(Date.now() + timing.paymentTimeoutMs),
    });
    await send.authorizePayment(tx, next);
    return { outcome: "advanced", order: next };
  }
  if (order.state === "cancelled") {
    // reserved after the order gave up on it (a stock timeout): give the stock back
    await send.releaseStock(tx, order, "late-reservation");
    return { outcome: "compensated" };
  }
  return { outcome: "ignored" };
}

async function stockRejected(tx: Tx, order: Order | undefined): Promise<Step> {
  if (!order) return { outcome: "unknown-order" };
  if (order.state !== "pending" || order.step !== "stock") return { outcome: "ignored" };
  return { outcome: "cancelled", order: await cancelOrder(tx, order, "out-of-stock") };
}

async function paymentAuthorized(
  tx: Tx,
  order: Order | undefined,
  event: PaymentAuthorizedV1,
): Promise<Step> {
  if (!order) return { outcome: "unknown-order" };
  if (order.state === "pending" && order.step === "payment") {
    const now = new Date();
    const confirmed = await update(tx, order, {
      state: "confirmed",
      step: null,
      deadlineAt: null,
      paymentId: event.paymentId,
    });
    await enqueueAll(tx, [outgoing.commitStock(confirmed), outgoing.orderConfirmed(confirmed, now)]);
    await emptyCartLines(tx, confirmed.cartId);
    return { outcome: "confirmed", order: confirmed };
  }
  if (order.state === "cancelled") {
    // authorised after the order was cancelled (a payment timeout): never keep the money
    await send.voidPayment(tx, order, "late-authorization");
    return { outcome: "compensated" };
  }
  return { outcome: "ignored" };
}

async function paymentDeclined(tx: Tx, order: Order | undefined): Promise<Step> {
  if (!order) return { outcome: "unknown-order" };
  if (order.state !== "pending" || order.step !== "payment") return { outcome: "ignored" };
  return { outcome: "cancelled", order: await cancelOrder(tx, order, "payment-declined") };
}

/**
 * Parses one reply with its contract's schema and applies it once (a message id seen before is
 * a "duplicate"). A message that does not match its schema throws `MessageRejected` (the bus
 * dead-letters it at once), recording nothing.
 */
export async function applyReply(db: Db, message: BusMessage, timing: SagaTiming): Promise<Outcome> {
  return (await applyReplyStep(db, message, timing)).outcome;
}

/**
 * {@link applyReply}, also resolving the order as the reply left it when it changed it (after
 * the commit), so whoever waits on the order needs not read it again.
 */
export async function applyReplyStep(db: Db, message: BusMessage, timing: SagaTiming): Promise<Step> {
  const effect = replyEffect(message, timing);
  let step: Step = { outcome: "duplicate" };
  await consumeOnce(db, SAGA_CONSUMER, message, async (tx) => {
    step = await effect.apply(tx, await lockOrder(tx, effect.orderId));
  });
  return step;
}

/** A reply's effect: the order it is about, and what it does to that order (locked; absent if unknown). */
export interface ReplyEffect {
  orderId: string;
  apply: (tx: Tx, order: Order | undefined) => Promise<Step>;
}

/**
 * What a reply does to its order, to run in the transaction that records its id; throws
 * `MessageRejected` for a reply that does not match its schema.
 */
export function replyEffect(message: BusMessage, timing: SagaTiming): ReplyEffect {
  switch (message.subject) {
    case STOCK_RESERVED: {
      const { orderId } = parseMessage(StockReservedV1, message);
      return { orderId, apply: (tx, order) => stockReserved(tx, order, timing) };
    }
    case STOCK_REJECTED: {
      const { orderId } = parseMessage(StockRejectedV1, message);
      return { orderId, apply: (tx, order) => stockRejected(tx, order) };
    }
    case PAYMENT_AUTHORIZED: {
      const event = parseMessage(PaymentAuthorizedV1, message);
      return { orderId: event.orderId, apply: (tx, order) => paymentAuthorized(tx, order, event) };
    }
    case PAYMENT_DECLINED: {
      const { orderId } = parseMessage(PaymentDeclinedV1, message);
      return { orderId, apply: (tx, order) => paymentDeclined(tx, order) };
    }
    default:
      throw new Error(`The checkout saga does not handle "${message.subject}"`);
  }
}

/**
 * The saga's reply applier for the bus: replies that arrive while one transaction applies others
 * are applied together in the next one (group commit, `batchedApplyOnce`), each recorded under
 * {@link SAGA_CONSUMER} with its effect; resolves what each did (a "duplicate" when seen before).
 * A transaction locks all its orders first, in one statement and in id order; a reply sees the
 * order as the replies before it in the batch left it.
 */
export function replyApplier(db: Db, timing: SagaTiming): (message: BusMessage) => Promise<Step> {
  const apply = batchedApplyOnce(db, SAGA_CONSUMER, {
    parse: (message) => replyEffect(message, timing),
    prepare: (effects, tx) =>
      lockOrders(
        tx,
        effects.map((e) => e.orderId),
      ),
    handle: async (effect, tx, _message, locked) => {
      const step = await effect.apply(tx, locked.get(effect.orderId));
      if (step.order) locked.set(effect.orderId, step.order);
      return step;
    },
  });
  return async (message) => {
    const done = await apply(message);
    return done.applied ? done.value : { outcome: "duplicate" };
  };
}
