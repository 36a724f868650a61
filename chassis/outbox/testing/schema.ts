/** A tiny service schema for the outbox tests: a domain table beside the messaging tables. */
import { integer, pgTable, text } from "drizzle-orm/pg-core";

export { outbox, processedMessages } from "../tables.ts";

export const things = pgTable("things", {
  id: text("id").primaryKey(),
  count: integer("count").notNull().default(0),
});
