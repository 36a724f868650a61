/** `GET /api/audit?user=<id>`: the user's audit entries, newest first; only for that user. */
import type { Db } from "@tessera/chassis/db";
import { parseInput } from "@tessera/chassis/service";
import { Hono } from "hono";
import { z } from "zod";
import { listAudit } from "../audit/log.ts";
import { requireShopper } from "./shopper.ts";

export const AuditQuery = z.object({
  user: z.uuid({ error: "expected a user id (a UUID)" }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export function auditRoutes(db: Db): Hono {
  return new Hono().get("/", async (c) => {
    const { user, limit } = parseInput(AuditQuery, c.req.query(), "query");
    requireShopper(c, user);
    return c.json({ items: await listAudit(db, user, limit) }, 200, { "cache-control": "no-store" });
  });
}
