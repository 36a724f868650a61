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

/**
 * An entry as it is written (by the statement that writes the action: placing an order, or a saga
 * transaction's write), stamped with the trace active where the action was decided.
 */
export interface AuditRecord {
  action: AuditAction;
  userId: string | null;
  subject: string;
  detail: string | null;
  traceId: string | null;
}

/** The entry to write, stamped with the active trace id (take it where the action is decided). */
export function auditRecord(entry: AuditEntry): AuditRecord {
  return {
    action: entry.action,
    userId: entry.userId,
    subject: entry.subject,
    detail: entry.detail?.slice(0, 500) ?? null,
    traceId: currentTraceIds()?.trace_id ?? null,
  };
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
