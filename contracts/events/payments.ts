/** Payments' messages: the authorise/void commands of the checkout saga and their replies. Version 1. */
import { z } from "zod";
import { Money, OrderId, Timestamp } from "./common.ts";

/** The simulated provider's test payment methods (no card number ever travels). */
export const PaymentToken = z.enum(["tok_visa_success", "tok_visa_declined", "tok_visa_timeout"]);
export type PaymentToken = z.infer<typeof PaymentToken>;

export const AUTHORIZE_PAYMENT = "payments.authorize-payment";
export const AuthorizePaymentV1 = z.object({
  type: z.literal("AuthorizePayment"),
  version: z.literal(1),
  orderId: OrderId,
  amount: Money,
  token: PaymentToken,
});
export type AuthorizePaymentV1 = z.infer<typeof AuthorizePaymentV1>;

export const PAYMENT_AUTHORIZED = "payments.payment-authorized";
export const PaymentAuthorizedV1 = z.object({
  type: z.literal("PaymentAuthorized"),
  version: z.literal(1),
  orderId: OrderId,
  paymentId: z.string().min(1),
  amount: Money,
  authorizedAt: Timestamp,
});
export type PaymentAuthorizedV1 = z.infer<typeof PaymentAuthorizedV1>;

export const PAYMENT_DECLINED = "payments.payment-declined";
export const PaymentDeclinedV1 = z.object({
  type: z.literal("PaymentDeclined"),
  version: z.literal(1),
  orderId: OrderId,
  reason: z.string(),
});
export type PaymentDeclinedV1 = z.infer<typeof PaymentDeclinedV1>;

/** Command: void an order's authorisation (compensation). Idempotent; nothing authorised is a no-op. */
export const VOID_PAYMENT = "payments.void-payment";
export const VoidPaymentV1 = z.object({
  type: z.literal("VoidPayment"),
  version: z.literal(1),
  orderId: OrderId,
  reason: z.string(),
});
export type VoidPaymentV1 = z.infer<typeof VoidPaymentV1>;
