/**
 * Inventory's own database: stock per variant and store, the reservations the checkout saga
 * asked for (one per order, with its lines), the outbox and the ids of the messages applied.
 */
import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

export { outbox, processedMessages } from "@tessera/chassis/outbox";

/**
 * One row per sku and store. `received` is everything that ever arrived (the initial stock plus
 * restocks); the database itself keeps `available + reserved + sold = received`.
 */
export const stock = pgTable(
  "stock",
  {
    sku: text("sku").notNull(),
    storeId: text("store_id").notNull(),
    available: integer("available").notNull(),
    reserved: integer("reserved").notNull().default(0),
    sold: integer("sold").notNull().default(0),
    received: integer("received").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.sku, t.storeId] }),
    check("stock_not_negative", sql`${t.available} >= 0 and ${t.reserved} >= 0 and ${t.sold} >= 0`),
    check("stock_balanced", sql`${t.available} + ${t.reserved} + ${t.sold} = ${t.received}`),
  ],
);

export const RESERVATION_STATUSES = ["reserved", "rejected", "released", "committed"] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

/**
 * An order's reservation. `released` without lines is a release that arrived before (or instead
 * of) its reservation: a late reserve for that order is then refused, never left holding stock.
 */
export const reservations = pgTable("reservations", {
  orderId: text("order_id").primaryKey(),
  status: text("status", { enum: RESERVATION_STATUSES }).notNull(),
  /** The pickup store the order asked for, if any. */
  storeId: text("store_id"),
  /** Why it was rejected or released. */
  reason: text("reason"),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

/** What a reservation holds, per sku and the store it was taken from. */
export const reservationLines = pgTable(
  "reservation_lines",
  {
    orderId: text("order_id")
      .notNull()
      .references(() => reservations.orderId),
    sku: text("sku").notNull(),
    storeId: text("store_id").notNull(),
    quantity: integer("quantity").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orderId, t.sku, t.storeId] }),
    index("reservation_lines_sku_idx").on(t.sku),
    check("reservation_lines_positive", sql`${t.quantity} > 0`),
  ],
);
