/**
 * `payments.void-payment` (the saga's compensation): voids an order's authorised or still pending
 * payment. Idempotent: a declined or voided payment is left alone. A void for an order payments
 * has not seen is remembered, so an authorisation arriving after it is voided at once; the two
 * never run on one order at the same time (`LOCK_ORDERS`), so neither misses the other.
 */

import type { BusMessage } from "@tessera/chassis/bus";
import { type Db, plainQuery } from "@tessera/chassis/db";
import { consumeOnce } from "@tessera/chassis/outbox";
import { VoidPaymentV1 } from "@tessera/contracts/events";
import { eq } from "drizzle-orm";
import { earlyVoids, payments } from "../db/schema.ts";
import { LOCK_ORDERS } from "./authorize-payment.ts";

export const VOID_CONSUMER = "payments-void-payment";

export type VoidOutcome = "voided" | "unknown-order" | "not-voidable" | "duplicate";

export async function voidPayment(db: Db, message: BusMessage): Promise<VoidOutcome> {
  const command = VoidPaymentV1.parse(message.data);
  let outcome: VoidOutcome = "voided";
  const applied = await consumeOnce(db, VOID_CONSUMER, message, async (tx) => {
    // an authorisation of this order running now commits first (or waits for this void)
    await plainQuery(tx, LOCK_ORDERS, [[command.orderId]]);
    const [payment] = await tx
      .select()
      .from(payments)
      .where(eq(payments.orderId, command.orderId))
      .for("update");
    if (!payment) {
      await tx
        .insert(earlyVoids)
        .values({ orderId: command.orderId, reason: command.reason })
        .onConflictDoNothing();
      outcome = "unknown-order";
      return;
    }
    if (payment.status !== "authorized" && payment.status !== "pending") {
      outcome = "not-voidable";
      return;
    }
    await tx
      .update(payments)
      .set({ status: "voided", voidReason: command.reason, voidedAt: new Date() })
      .where(eq(payments.orderId, command.orderId));
  });
  return applied ? outcome : "duplicate";
}
