/**
 * Payments' own database: one payment attempt per order (authorised, declined, pending — the
 * bank never answered — or voided), the voids that arrived before their payment, the outbox and
 * the ids of the messages applied.
 */
import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export { outbox, processedMessages } from "@tessera/chassis/outbox";

export const PAYMENT_STATUSES = ["authorized", "declined", "pending", "voided"] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const payments = pgTable("payments", {
  /** The provider's payment id (`pay_…`). */
  id: text("id").primaryKey(),
  orderId: text("order_id").notNull().unique(),
  /** The test payment method's token; never a card number. */
  token: text("token").notNull(),
  amountCents: integer("amount_cents").notNull(),
  currency: text("currency").notNull(),
  status: text("status", { enum: PAYMENT_STATUSES }).notNull(),
  /** Why it was declined, in words a shopper understands. */
  declineReason: text("decline_reason"),
  voidReason: text("void_reason"),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  authorizedAt: timestamp("authorized_at", { withTimezone: true, mode: "date" }),
  voidedAt: timestamp("voided_at", { withTimezone: true, mode: "date" }),
});

/**
 * A void for an order payments had not seen (the saga gave up before the authorisation arrived):
 * remembered, so the late authorisation is voided instead of holding the shopper's money.
 */
export const earlyVoids = pgTable("early_voids", {
  orderId: text("order_id").primaryKey(),
  reason: text("reason").notNull(),
  receivedAt: timestamp("received_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});
