/**
 * Explore's own database: the product listing, a read model built only from catalog events
 * (explore never reads the catalog's database) and rebuildable by replaying them; the stores it
 * owns; and the ids of the messages it applied.
 */
import { index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export { outbox, processedMessages } from "@tessera/chassis/outbox";

export const listings = pgTable(
  "listings",
  {
    sku: text("sku").primaryKey(),
    productId: text("product_id").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull(),
    category: text("category").notNull(),
    priceCents: integer("price_cents").notNull(),
    currency: text("currency").notNull(),
    image: text("image").notNull(),
    /** The product's name without the variant (absent from older events). */
    productName: text("product_name"),
    categoryName: text("category_name"),
    color: text("color"),
    colorName: text("color_name"),
    /** When the catalog changed the variant: older events never overwrite newer ones. */
    changedAt: timestamp("changed_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [index("listings_category_idx").on(t.category), index("listings_product_idx").on(t.productId)],
);

/** Which durable consumer feeds a read model: a rebuild switches to a new one. */
export const readModels = pgTable("read_models", {
  name: text("name").primaryKey(),
  consumer: text("consumer").notNull(),
  rebuiltAt: timestamp("rebuilt_at", { withTimezone: true, mode: "date" }),
});

/** One line of a store's opening hours, e.g. `{ days: "Mon–Fri", hours: "09:00–19:00" }`. */
export interface OpeningHours {
  days: string;
  hours: string;
}

export const stores = pgTable("stores", {
  /** A reference id from contracts/reference/stores.ts. */
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  street: text("street").notNull(),
  postalCode: text("postal_code").notNull(),
  city: text("city").notNull(),
  country: text("country").notNull(),
  phone: text("phone").notNull(),
  hours: jsonb("hours").$type<OpeningHours[]>().notNull(),
  position: integer("position").notNull().default(0),
});
