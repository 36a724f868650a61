/**
 * `payments.authorize-payment` from the checkout saga: asks the simulated provider and records
 * the attempt with its reply (`payments.payment-authorized` or `payments.payment-declined`, through
 * the outbox) in one transaction. A timing-out card is recorded as pending and gets no reply.
 * Once per message; a second command for an order already decided repeats the decision.
 */

import type { BusMessage } from "@tessera/chassis/bus";
import type { Db, Tx } from "@tessera/chassis/db";
import { batchedApplyOnce, consumeOnce, enqueue } from "@tessera/chassis/outbox";
import {
  AuthorizePaymentV1,
  PAYMENT_AUTHORIZED,
  PAYMENT_DECLINED,
  PaymentAuthorizedV1,
  PaymentDeclinedV1,
} from "@tessera/contracts/events";
import { eq } from "drizzle-orm";
import { earlyVoids, payments } from "../db/schema.ts";
import { providerAnswer } from "../provider.ts";

export const AUTHORIZE_CONSUMER = "payments-authorize-payment";

export type AuthorizeOutcome = "authorized" | "declined" | "pending" | "voided" | "repeated" | "duplicate";

type Payment = typeof payments.$inferSelect;

function authorizedEvent(p: Payment) {
  return PaymentAuthorizedV1.parse({
    type: "PaymentAuthorized",
    version: 1,
    orderId: p.orderId,
    paymentId: p.id,
    amount: { amount: p.amountCents, currency: p.currency },
    authorizedAt: (p.authorizedAt ?? p.createdAt).toISOString(),
  });
}

function declinedEvent(p: Payment) {
  return PaymentDeclinedV1.parse({
    type: "PaymentDeclined",
    version: 1,
    orderId: p.orderId,
    reason: p.declineReason ?? "Your card was declined.",
  });
}

/** Repeats the reply already given for an order (pending and voided attempts got none). */
async function repeatDecision(tx: Tx, p: Payment): Promise<void> {
  if (p.status === "authorized") await enqueue(tx, PAYMENT_AUTHORIZED, authorizedEvent(p));
  if (p.status === "declined") await enqueue(tx, PAYMENT_DECLINED, declinedEvent(p));
}

export async function authorizePayment(db: Db, message: BusMessage): Promise<AuthorizeOutcome> {
  const effect = authorizeEffect(message);
  let outcome: AuthorizeOutcome = "duplicate";
  await consumeOnce(db, AUTHORIZE_CONSUMER, message, async (tx) => {
    outcome = await effect(tx);
  });
  return outcome;
}

/**
 * The command applier for the bus: commands that arrive while one transaction applies others are
 * applied together in the next one (group commit), each recorded with its effect.
 */
export function authorizeApplier(db: Db): (message: BusMessage) => Promise<AuthorizeOutcome> {
  const apply = batchedApplyOnce(db, AUTHORIZE_CONSUMER, {
    parse: authorizeEffect,
    handle: (effect, tx) => effect(tx),
  });
  return async (message) => {
    const done = await apply(message);
    return done.applied ? done.value : "duplicate";
  };
}

/** What the command does, in the transaction that records its id. */
function authorizeEffect(message: BusMessage): (tx: Tx) => Promise<AuthorizeOutcome> {
  const command = AuthorizePaymentV1.parse(message.data);
  return async (tx) => {
    const [existing] = await tx
      .select()
      .from(payments)
      .where(eq(payments.orderId, command.orderId))
      .for("update");
    if (existing) {
      await repeatDecision(tx, existing);
      return "repeated";
    }
    const now = new Date();
    const attempt = {
      id: `pay_${crypto.randomUUID().replaceAll("-", "")}`,
      orderId: command.orderId,
      token: command.token,
      amountCents: command.amount.amount,
      currency: command.amount.currency,
      createdAt: now,
    };
    const [early] = await tx.select().from(earlyVoids).where(eq(earlyVoids.orderId, command.orderId));
    if (early) {
      await tx
        .insert(payments)
        .values({ ...attempt, status: "voided", voidReason: early.reason, voidedAt: now });
      return "voided";
    }
    const answer = providerAnswer(command.token);
    if (answer.kind === "no-answer") {
      await tx.insert(payments).values({ ...attempt, status: "pending" });
      return "pending";
    }
    if (answer.kind === "declined") {
      const [row] = await tx
        .insert(payments)
        .values({ ...attempt, status: "declined", declineReason: answer.reason })
        .returning();
      if (row) await enqueue(tx, PAYMENT_DECLINED, declinedEvent(row));
      return "declined";
    }
    const [row] = await tx
      .insert(payments)
      .values({ ...attempt, status: "authorized", authorizedAt: now })
      .returning();
    if (row) await enqueue(tx, PAYMENT_AUTHORIZED, authorizedEvent(row));
    return "authorized";
  };
}
