/**
 * Checkout's audit log: orders placed and cancelled, appended in the same transaction as the
 * action (an order never exists without its entry), stamped with the active trace id.
 */
import type { Executor } from "@tessera/chassis/db";
import { currentTraceIds } from "@tessera/chassis/trace";
import { desc, eq } from "drizzle-orm";
import { type AuditAction, auditLog } from "./schema.ts";

export interface AuditEntry {
  action: AuditAction;
  userId: string | null;
  /** The order id. */
  subject: string;
  detail?: string;
}

/** Appends an entry in the caller's transaction. */
export async function recordAudit(db: Executor, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    action: entry.action,
    userId: entry.userId,
    subject: entry.subject,
    detail: entry.detail?.slice(0, 500) ?? null,
    traceId: currentTraceIds()?.trace_id ?? null,
  });
}

/** Entries, newest first; one user's when `userId` is given. */
export async function listAudit(db: Executor, options: { userId?: string; limit: number }) {
  const rows = await db
    .select()
    .from(auditLog)
    .where(options.userId ? eq(auditLog.userId, options.userId) : undefined)
    .orderBy(desc(auditLog.occurredAt), desc(auditLog.id))
    .limit(options.limit);
  return rows.map((r) => ({
    action: r.action,
    userId: r.userId,
    subject: r.subject,
    detail: r.detail,
    traceId: r.traceId,
    occurredAt: r.occurredAt.toISOString(),
  }));
}
