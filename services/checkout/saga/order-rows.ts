/**
 * Orders read with plain SQL (`plainQuery`): the column list that names every column as the
 * `Order` type does, and the mapping of a row to an `Order` (timestamps as `Date`s, whether the
 * driver gives them as dates or as text).
 */
import { type Executor, plainQuery } from "@tessera/chassis/db";
import type { Order } from "../db/schema.ts";

/** Every column of `orders`, aliased as the fields of {@link Order}. */
export const ORDER_COLUMNS = `id, cart_id as "cartId", customer_id as "customerId", state, step, reason, lines,
   total_cents as "totalCents", currency, delivery, payment_token as "paymentToken",
   payment_id as "paymentId", deadline_at as "deadlineAt", placed_at as "placedAt", updated_at as "updatedAt"`;

/** A row selected with {@link ORDER_COLUMNS}, before its timestamps are dates. */
export type OrderRow = Omit<Order, "deadlineAt" | "placedAt" | "updatedAt"> & {
  deadlineAt: string | Date | null;
  placedAt: string | Date;
  updatedAt: string | Date;
};

/** A timestamp column as a `Date`. */
function toDate(value: string | Date): Date {
  return value instanceof Date ? value : new Date(value);
}

/** The order a row holds. */
export function orderOf(row: OrderRow): Order {
  return {
    ...row,
    deadlineAt: row.deadlineAt === null ? null : toDate(row.deadlineAt),
    placedAt: toDate(row.placedAt),
    updatedAt: toDate(row.updatedAt),
  };
}

/** One order by id (not locked), or undefined. */
export async function readOrder(db: Executor, id: string): Promise<Order | undefined> {
  const [row] = await plainQuery<OrderRow>(db, `select ${ORDER_COLUMNS} from orders where id = $1`, [id]);
  return row && orderOf(row);
}
