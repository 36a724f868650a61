/**
 * `POST /checkout/place-order`: validates the form and the cart, starts the saga, then waits
 * (bounded) for the order's final state — woken by the saga when the order moves in this process,
 * else looking again every second — so the shopper sees it: 303 to the thanks page when
 * confirmed (or still running when the wait ends), back to the checkout page with
 * `?error=<reason>` when cancelled. With `accept: application/json`: 201 and the order.
 */

import { identityOf } from "@tessera/chassis/access";
import type { Db } from "@tessera/chassis/db";
import { AppError } from "@tessera/chassis/errors";
import { parseInput } from "@tessera/chassis/service";
import { COUNTRIES } from "@tessera/checkout-fragments/server";
import { type Delivery, PaymentToken } from "@tessera/contracts/events";
import { STORE_IDS } from "@tessera/contracts/reference/stores";
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { Order } from "../db/schema.ts";
import type { SagaTiming } from "../saga/orchestrator.ts";
import { readOrder } from "../saga/order-rows.ts";
import type { OrderWatch } from "../saga/order-watch.ts";
import { orderView, placeOrder } from "../saga/place-order.ts";
import { cartIdOf } from "./cart.ts";
import { readFields, reasonOf, seeOther, wantsJson, withError } from "./forms.ts";

const text = (label: string, max = 120) =>
  z
    .string({ error: `expected the ${label}` })
    .trim()
    .min(1, { error: `expected the ${label}` })
    .max(max, { error: `expected at most ${max} characters` });

const Pickup = z.object({
  delivery: z.literal("pickup"),
  storeId: z.enum(STORE_IDS, { error: `expected a store id (${STORE_IDS.join(", ")})` }),
});
const Address = z.object({
  delivery: z.literal("address"),
  name: text("full name"),
  street: text("street and number"),
  postalCode: z
    .string({ error: "expected a postal code" })
    .trim()
    .regex(/^[A-Za-z0-9 -]{3,10}$/, {
      error: "expected a postal code (3 to 10 letters, digits, spaces or -)",
    }),
  city: text("city", 80),
  country: z
    .string({ error: "expected a country" })
    .trim()
    .toUpperCase()
    .refine((c) => Object.hasOwn(COUNTRIES, c), {
      error: `expected a country we deliver to (${Object.keys(COUNTRIES).join(", ")})`,
    }),
});
export const DeliveryForm = z.discriminatedUnion("delivery", [Pickup, Address], {
  error: 'expected delivery "pickup" (with storeId) or "address"',
});
export const PaymentForm = z.object({
  paymentToken: z.enum(PaymentToken.options, { error: "expected one of the payment methods offered" }),
});

/** The whole form, delivery and payment checked together so that every bad field is named. */
export const PlaceOrderForm = z.intersection(DeliveryForm, PaymentForm);

/**
 * The delivery and payment from the form fields; `delivery` defaults to pickup when a store was
 * picked. A refusal's `reason` is `payment` when only the payment method is wrong, else `delivery`.
 */
function parseForm(fields: Record<string, unknown>): { delivery: Delivery; paymentToken: PaymentToken } {
  const kind = fields.delivery ?? (fields.storeId ? "pickup" : "address");
  try {
    const form = parseInput(PlaceOrderForm, { ...fields, delivery: kind }, "body");
    if (form.delivery === "pickup") {
      return { delivery: { type: "pickup", storeId: form.storeId }, paymentToken: form.paymentToken };
    }
    const { delivery: _, paymentToken, ...address } = form;
    return { delivery: { type: "address", ...address }, paymentToken };
  } catch (error) {
    if (error instanceof AppError) {
      const errors = (error.extensions.errors ?? []) as { path: string }[];
      error.extensions.reason = errors.every((e) => e.path === "body.paymentToken") ? "payment" : "delivery";
    }
    throw error;
  }
}

/** Another instance may move the order: a waiter not woken looks again this often. */
const FALLBACK_POLL_MS = 1000;

/** Waits until the order is confirmed or cancelled, or `waitMs` has passed. */
async function awaitFinalState(db: Db, watch: OrderWatch, order: Order, waitMs: number): Promise<Order> {
  const deadline = Date.now() + waitMs;
  let current = order;
  while (current.state === "pending" && Date.now() < deadline) {
    const moved = await watch.next(order.id, Math.min(FALLBACK_POLL_MS, Math.max(1, deadline - Date.now())));
    if (moved) {
      current = moved;
      continue;
    }
    current = (await readOrder(db, order.id)) ?? current;
  }
  return current;
}

export interface PlaceOrderOptions {
  db: Db;
  timing: SagaTiming;
  waitMs: number;
  /** Called after the order's transaction committed (nudges the outbox relay). */
  afterCommit: () => void;
  /** Where the saga says an order moved (wakes the waiting request). */
  watch: OrderWatch;
}

export function placeOrderRoutes(options: PlaceOrderOptions): Hono {
  return new Hono().post("/place-order", async (c: Context) => {
    const json = wantsJson(c);
    const fields = await readFields(c);
    let order: Order;
    try {
      const { delivery, paymentToken } = parseForm(fields);
      order = await placeOrder(
        options.db,
        { cartId: cartIdOf(c), customerId: identityOf(c)?.sub ?? null, delivery, paymentToken },
        options.timing,
      );
    } catch (error) {
      if (json || !(error instanceof AppError) || error.status >= 500) throw error;
      return seeOther(withError("/checkout/checkout", reasonOf(error)));
    }
    options.afterCommit();
    const final = await awaitFinalState(options.db, options.watch, order, options.waitMs);
    const thanks = `/checkout/thanks?order=${encodeURIComponent(final.id)}`;
    if (json) return c.json(orderView(final), 201, { location: thanks });
    if (final.state === "cancelled")
      return seeOther(withError("/checkout/checkout", final.reason ?? "cancelled"));
    return seeOther(thanks);
  });
}
