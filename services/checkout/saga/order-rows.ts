/**
 * Orders read with plain SQL ({@link rows}): the column list that names every column as the
 * `Order` type does, and the mapping of a row to an `Order` (timestamps arrive as text).
 */
import type { Executor } from "@tessera/chassis/db";
import { sql } from "drizzle-orm";
import { rows, toDate, toDateOrNull } from "../db/plain-sql.ts";
import type { Order } from "../db/schema.ts";

/** Every column of `orders`, aliased as the fields of {@link Order}. */
export const ORDER_COLUMNS = sql.raw(
  `id, cart_id as "cartId", customer_id as "customerId", state, step, reason, lines,
   total_cents as "totalCents", currency, delivery, payment_token as "paymentToken",
   payment_id as "paymentId", deadline_at as "deadlineAt", placed_at as "placedAt", updated_at as "updatedAt"`,
);

/** A row selected with {@link ORDER_COLUMNS}, before its timestamps are dates. */
export type OrderRow = Omit<Order, "deadlineAt" | "placedAt" | "updatedAt"> & {
  deadlineAt: string | Date | null;
  placedAt: string | Date;
  updatedAt: string | Date;
};

/** The order a row holds. */
export function orderOf(row: OrderRow): Order {
  return {
    ...row,
    deadlineAt: toDateOrNull(row.deadlineAt),
    placedAt: toDate(row.placedAt),
    updatedAt: toDate(row.updatedAt),
  };
}

/** One order by id (not locked), or undefined. */
export async function readOrder(db: Executor, id: string): Promise<Order | undefined> {
  const [row] = await rows<OrderRow>(db, sql`select ${ORDER_COLUMNS} from orders where id = ${id}`);
  return row && orderOf(row);
}
