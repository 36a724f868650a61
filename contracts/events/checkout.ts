/** Checkout's events: the life of an order, as the saga drives it. Version 1. */
import { z } from "zod";
import { Money, OrderId, OrderLine, Timestamp } from "./common.ts";

export const OrderLineWithPrice = OrderLine.extend({ unitPrice: Money, name: z.string() });

export const Delivery = z.discriminatedUnion("type", [
  z.object({ type: z.literal("pickup"), storeId: z.string().min(1) }),
  z.object({
    type: z.literal("address"),
    name: z.string().min(1),
    street: z.string().min(1),
    postalCode: z.string().min(1),
    city: z.string().min(1),
    country: z.string().length(2),
  }),
]);
export type Delivery = z.infer<typeof Delivery>;

export const ORDER_PLACED = "checkout.order-placed";
export const OrderPlacedV1 = z.object({
  type: z.literal("OrderPlaced"),
  version: z.literal(1),
  orderId: OrderId,
  customerId: z.string().nullable(),
  lines: z.array(OrderLineWithPrice).min(1),
  total: Money,
  delivery: Delivery,
  placedAt: Timestamp,
});
export type OrderPlacedV1 = z.infer<typeof OrderPlacedV1>;

export const ORDER_CONFIRMED = "checkout.order-confirmed";
export const OrderConfirmedV1 = z.object({
  type: z.literal("OrderConfirmed"),
  version: z.literal(1),
  orderId: OrderId,
  customerId: z.string().nullable(),
  lines: z.array(OrderLineWithPrice).min(1),
  total: Money,
  confirmedAt: Timestamp,
});
export type OrderConfirmedV1 = z.infer<typeof OrderConfirmedV1>;

export const ORDER_CANCELLED = "checkout.order-cancelled";
export const OrderCancelledV1 = z.object({
  type: z.literal("OrderCancelled"),
  version: z.literal(1),
  orderId: OrderId,
  customerId: z.string().nullable(),
  reason: z.enum(["out-of-stock", "payment-declined", "payment-timeout", "stock-timeout", "cancelled"]),
  cancelledAt: Timestamp,
});
export type OrderCancelledV1 = z.infer<typeof OrderCancelledV1>;
