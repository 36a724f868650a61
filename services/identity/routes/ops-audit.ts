/**
 * `GET /ops/audit?user=<id>`: identity's audit entries (registrations, logins, failed and
 * throttled logins, logouts, address changes), newest first, for operators (the chassis guards `/ops/*`); the ops
 * service merges them with the other services' audit logs.
 */
import type { Db } from "@tessera/chassis/db";
import { parseInput } from "@tessera/chassis/service";
import { desc, eq } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { auditLog } from "../db/schema.ts";

export const OpsAuditQuery = z.object({
  user: z.uuid({ error: "expected a user id (a UUID)" }).optional(),
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
    const rows = await db
      .select()
      .from(auditLog)
      .where(user ? eq(auditLog.userId, user) : undefined)
      .orderBy(desc(auditLog.occurredAt), desc(auditLog.id))
      .limit(limit);
    const items = rows.map((r) => ({
      action: r.action,
      userId: r.userId,
      subject: r.email,
      detail: r.detail,
      traceId: r.traceId,
      occurredAt: r.occurredAt.toISOString(),
    }));
    return c.json({ items }, 200, { "cache-control": "no-store" });
  });
}
