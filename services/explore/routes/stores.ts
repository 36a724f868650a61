/** The stores API: `GET /stores` and `GET /stores/:id` (names, addresses, opening hours). */

import type { Db } from "@tessera/chassis/db";
import { AppError } from "@tessera/chassis/errors";
import { parseInput } from "@tessera/chassis/service";
import { Hono } from "hono";
import { z } from "zod";
import { listStores } from "../db/queries.ts";

/** The path of one store (`/stores/:id`): a reference id like store-berlin. */
export const StoreIdPath = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/, { error: "expected a store id like store-berlin (a-z, 0-9 and -)" }),
});

export function storeRoutes(db: Db): Hono {
  return new Hono()
    .get("/", async (c) => c.json({ items: await listStores(db) }))
    .get("/:id", async (c) => {
      const { id } = parseInput(StoreIdPath, c.req.param(), "path", "not_found");
      const store = (await listStores(db)).find((s) => s.id === id);
      if (!store) throw new AppError("not_found", `No store "${id}"`, { id });
      return c.json(store);
    });
}
