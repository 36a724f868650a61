/**
 * The audit log: who did what, when, under which trace. Rows are only ever inserted (the
 * database refuses UPDATE, DELETE and TRUNCATE on the table).
 */
import type { Executor } from "@tessera/chassis/db";
import { currentTraceIds } from "@tessera/chassis/trace";
import { desc, eq } from "drizzle-orm";
import { type AuditAction, auditLog } from "../db/schema.ts";

export interface AuditEntry {
  action: AuditAction;
  userId?: string | null;
  email?: string | null;
  /** What changed, in a few words (never more personal data than needed). */
  detail?: string | null;
}

/** Appends an entry, stamped with the active trace id. */
export async function recordAudit(db: Executor, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    action: entry.action,
    userId: entry.userId ?? null,
    email: entry.email?.slice(0, 254) ?? null,
    traceId: currentTraceIds()?.trace_id ?? null,
    detail: entry.detail?.slice(0, 500) ?? null,
  });
}

/** A user's entries, newest first. */
export async function listAudit(db: Executor, userId: string, limit = 100) {
  const rows = await db
    .select()
    .from(auditLog)
    .where(eq(auditLog.userId, userId))
    .orderBy(desc(auditLog.occurredAt), desc(auditLog.id))
    .limit(limit);
  return rows.map((r) => ({
    id: r.id,
    action: r.action,
    userId: r.userId,
    email: r.email,
    traceId: r.traceId,
    occurredAt: r.occurredAt.toISOString(),
  }));
}
