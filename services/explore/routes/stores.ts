/** The stores API: `GET /stores` and `GET /stores/:id` (names, addresses, opening hours). */

import type { Db } from "@tessera/chassis/db";
import { AppError } from "@tessera/chassis/errors";
import { Hono } from "hono";
import { listStores } from "../db/queries.ts";

export function storeRoutes(db: Db): Hono {
  return new Hono()
    .get("/", async (c) => c.json({ items: await listStores(db) }))
    .get("/:id", async (c) => {
      const id = c.req.param("id");
      const store = (await listStores(db)).find((s) => s.id === id);
      if (!store) throw new AppError("not_found", `No store "${id}"`, { id });
      return c.json(store);
    });
}
