/** The payments API: `GET /payments/:orderId`, an order's payment attempt as the provider recorded it. */

import type { Db } from "@tessera/chassis/db";
import { AppError } from "@tessera/chassis/errors";
import { parseInput } from "@tessera/chassis/service";
import { Money, OrderId, PaymentToken } from "@tessera/contracts/events";
import { cardOf } from "@tessera/payments-fragments/components";
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { PAYMENT_STATUSES, payments } from "../db/schema.ts";

export const OrderIdParam = OrderId.describe("an order id like ORD-1001 (A-Z, 0-9 and -)");
/** The path of an order's payment (`/payments/:orderId`). */
export const OrderIdPath = z.object({ orderId: OrderIdParam });

/** A payment as the API shows it (the schema of {@link paymentView}). */
export const PaymentView = z.object({
  orderId: OrderId,
  paymentId: z.string(),
  status: z.enum(PAYMENT_STATUSES),
  method: z.object({ token: PaymentToken, card: z.string() }),
  amount: Money,
  declineReason: z.string().optional(),
  voidReason: z.string().optional(),
  createdAt: z.iso.datetime({ offset: true }),
  authorizedAt: z.iso.datetime({ offset: true }).nullable(),
  voidedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type PaymentView = z.infer<typeof PaymentView>;

/** A payment as the API shows it: the method by its masked card, never more. */
export function paymentView(p: typeof payments.$inferSelect): PaymentView {
  return {
    orderId: p.orderId,
    paymentId: p.id,
    status: p.status,
    method: { token: p.token as PaymentToken, card: cardOf(p.token as PaymentToken) },
    amount: { amount: p.amountCents, currency: p.currency },
    ...(p.declineReason ? { declineReason: p.declineReason } : {}),
    ...(p.voidReason ? { voidReason: p.voidReason } : {}),
    createdAt: p.createdAt.toISOString(),
    authorizedAt: p.authorizedAt?.toISOString() ?? null,
    voidedAt: p.voidedAt?.toISOString() ?? null,
  };
}

export function paymentRoutes(db: Db): Hono {
  return new Hono().get("/:orderId", async (c) => {
    const { orderId } = parseInput(OrderIdPath, c.req.param(), "path", "not_found");
    const [payment] = await db.select().from(payments).where(eq(payments.orderId, orderId));
    if (!payment) throw new AppError("not_found", `No payment for order "${orderId}"`, { orderId });
    return c.json(paymentView(payment));
  });
}
