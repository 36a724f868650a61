/**
 * Explore's own database: the product listing, a read model built only from catalog events
 * (explore never reads the catalog's database), and the ids of the messages it applied.
 */
import { index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

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
    /** When the catalog changed the variant: older events never overwrite newer ones. */
    changedAt: timestamp("changed_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [index("listings_category_idx").on(t.category)],
);
