/**
 * The catalog's own database: categories, products (with their spec), their variants (each with
 * its SKU, price and colour), and its outbox.
 */
import { index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export { outbox, processedMessages } from "@tessera/chassis/outbox";

/** One row of a product's spec table, e.g. `{ label: "Power", value: "38 hp (28 kW)" }`. */
export interface SpecRow {
  label: string;
  value: string;
}

export const categories = pgTable("categories", {
  /** The slug used in URLs and events: `classic`, `autonomous`, … */
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  description: text("description").notNull(),
  position: integer("position").notNull().default(0),
});

export const products = pgTable(
  "products",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    description: text("description").notNull(),
    category: text("category").notNull(),
    spec: jsonb("spec").$type<SpecRow[]>().notNull().default([]),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("products_category_idx").on(t.category)],
);

export const variants = pgTable(
  "variants",
  {
    sku: text("sku").primaryKey(),
    productId: text("product_id")
      .notNull()
      .references(() => products.id),
    name: text("name").notNull(),
    color: text("color").notNull(),
    colorName: text("color_name").notNull().default(""),
    /** Order of the variant in its product's picker; the first is the product's default. */
    position: integer("position").notNull().default(0),
    priceCents: integer("price_cents").notNull(),
    currency: text("currency").notNull().default("EUR"),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("variants_product_idx").on(t.productId)],
);
