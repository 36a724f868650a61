/**
 * `GET /ops/audit?user=<id>`: checkout's audit entries (orders placed and cancelled), newest
 * first, for operators (the chassis guards `/ops/*`); the ops service merges them with the other
 * services' logs.
 */
import type { Db } from "@tessera/chassis/db";
import { parseInput } from "@tessera/chassis/service";
import { Hono } from "hono";
import { z } from "zod";
import { listAudit } from "../audit/log.ts";

export const OpsAuditQuery = z.object({
  user: z.string().min(1).max(100, { error: "expected a user id of at most 100 characters" }).optional(),
  limit: z.coerce
    .number({ error: "expected a number from 1 to 1000" })
    .int({ error: "expected a whole number from 1 to 1000" })
    .min(1, { error: "expected a number from 1 to 1000" })
    .max(1000, { error: "expected a number from 1 to 1000" })
    .default(200),
});

export function opsAuditRoutes(db: Db): Hono {
  return new Hono().get("/", async (c) => {
    const { user, limit } = parseInput(OpsAuditQuery, c.req.query(), "query");
    return c.json({ items: await listAudit(db, { userId: user, limit }) }, 200, {
      "cache-control": "no-store",
    });
  });
}
