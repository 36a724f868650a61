/**
 * The orders API: `GET /api/orders?customer=<userId>` (identity's account page, with the token
 * the composer delegated for checkout; only for the signed-in user themself) and `GET /api/orders/:id` (the shopper who placed it: same cart or
 * same user; anyone else gets a 404, so order numbers reveal nothing).
 */

import { identityOf, requireUser } from "@tessera/chassis/access";
import type { Db } from "@tessera/chassis/db";
import { AppError } from "@tessera/chassis/errors";
import { parseInput } from "@tessera/chassis/service";
import { OrderId } from "@tessera/contracts/events";
import { desc, eq } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { type Order, orders } from "../db/schema.ts";
import { mayRead, orderView } from "../saga/place-order.ts";
import { cartIdOf } from "./cart.ts";

export const ListQuery = z.object({
  customer: z.string({ error: "expected the customer's user id" }).min(1).max(200),
});

/** The path of one order (`/orders/:id`). */
export const OrderIdPath = z.object({ id: OrderId });

/** The order `id` if the caller may read it, else undefined. */
export async function findReadableOrder(
  db: Db,
  id: string,
  cartId: string | undefined,
  userId: string | undefined,
): Promise<Order | undefined> {
  if (!OrderId.safeParse(id).success) return undefined;
  const [order] = await db.select().from(orders).where(eq(orders.id, id));
  return order && mayRead(order, cartId, userId) ? order : undefined;
}

export function orderRoutes(db: Db): Hono {
  return new Hono()
    .get("/", async (c) => {
      const { customer } = parseInput(ListQuery, c.req.query(), "query");
      if (requireUser(c).sub !== customer) {
        throw new AppError("forbidden", "Orders are only listed for the signed-in customer themself", {
          customer,
        });
      }
      const rows = await db
        .select()
        .from(orders)
        .where(eq(orders.customerId, customer))
        .orderBy(desc(orders.placedAt));
      return c.json({ items: rows.map(orderView) });
    })
    .get("/:id", async (c) => {
      const { id } = parseInput(OrderIdPath, c.req.param(), "path", "not_found");
      const order = await findReadableOrder(db, id, cartIdOf(c), identityOf(c)?.sub);
      if (!order) throw new AppError("not_found", `No order "${id}" for this shopper`, { order: id });
      return c.json(orderView(order));
    });
}
