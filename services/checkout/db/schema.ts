/**
 * Checkout's own database: the read models it builds from other teams' events (products from
 * `catalog.product-changed`, availability from `inventory.stock-changed`), carts and their lines,
 * orders with the saga's state, and the outbox / processed-message tables of transactional messaging.
 */

import type { Delivery, OrderLineWithPrice } from "@tessera/contracts/events";
import { sql } from "drizzle-orm";
import {
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import type { z } from "zod";

export { outbox, processedMessages } from "@tessera/chassis/outbox";

const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** What checkout knows of a variant: built only from catalog events. */
export const products = pgTable("products", {
  sku: text("sku").primaryKey(),
  productId: text("product_id").notNull(),
  name: text("name").notNull(),
  priceCents: integer("price_cents").notNull(),
  currency: text("currency").notNull(),
  image: text("image").notNull(),
  /** When the catalog changed the variant: older events never overwrite newer ones. */
  changedAt: at("changed_at").notNull(),
});

/** Available units per variant: built only from inventory events. No row: not known yet. */
export const stock = pgTable("stock", {
  sku: text("sku").primaryKey(),
  available: integer("available").notNull(),
  changedAt: at("changed_at").notNull(),
});

export const carts = pgTable("carts", {
  id: text("id").primaryKey(),
  /** The signed-in user the cart is bound to (the first one to use it); null while anonymous. */
  ownerId: text("owner_id"),
  createdAt: at("created_at").notNull().defaultNow(),
  updatedAt: at("updated_at").notNull().defaultNow(),
});

export const cartLines = pgTable(
  "cart_lines",
  {
    cartId: text("cart_id")
      .notNull()
      .references(() => carts.id, { onDelete: "cascade" }),
    sku: text("sku").notNull(),
    quantity: integer("quantity").notNull(),
    addedAt: at("added_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.cartId, t.sku] })],
);

/** `pending` while the saga runs; `confirmed` or `cancelled` at the end. */
export type OrderState = "pending" | "confirmed" | "cancelled";
/** While pending: whose answer the saga waits for. */
export type OrderStep = "stock" | "payment";

export const orders = pgTable(
  "orders",
  {
    id: text("id").primaryKey(),
    cartId: text("cart_id").notNull(),
    customerId: text("customer_id"),
    state: text("state").$type<OrderState>().notNull(),
    step: text("step").$type<OrderStep>(),
    /** Why the order was cancelled (`OrderCancelledV1.reason`). */
    reason: text("reason"),
    lines: jsonb("lines").$type<z.infer<typeof OrderLineWithPrice>[]>().notNull(),
    totalCents: integer("total_cents").notNull(),
    currency: text("currency").notNull(),
    delivery: jsonb("delivery").$type<Delivery>().notNull(),
    paymentToken: text("payment_token").notNull(),
    paymentId: text("payment_id"),
    /** When the current step times out (pending orders only). */
    deadlineAt: at("deadline_at"),
    placedAt: at("placed_at").notNull().defaultNow(),
    updatedAt: at("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("orders_customer_idx").on(t.customerId),
    index("orders_pending_deadline_idx").on(t.deadlineAt),
    /** One pending order per cart: found by cart when placing, and a second one refused. */
    uniqueIndex("orders_pending_cart_idx").on(t.cartId).where(sql`state = 'pending'`),
  ],
);
export type Order = typeof orders.$inferSelect;

/** The audit log (orders placed and cancelled): see audit/schema.ts. */
export { auditLog } from "../audit/schema.ts";
