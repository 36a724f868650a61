/**
 * Checkout's audit log table: who placed or cancelled which order, when, under which trace.
 * Rows are only ever inserted (migration 0002 makes the database refuse UPDATE, DELETE and TRUNCATE).
 */
import { bigserial, index, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const AUDIT_ACTIONS = ["order.placed", "order.cancelled"] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    action: text("action", { enum: AUDIT_ACTIONS }).notNull(),
    /** The signed-in customer; null for a guest. */
    userId: text("user_id"),
    /** The order. */
    subject: text("subject").notNull(),
    /** What else says what happened (the total, the cancellation reason). */
    detail: text("detail"),
    traceId: text("trace_id"),
    occurredAt: timestamp("occurred_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("audit_log_user_idx").on(t.userId, t.occurredAt)],
);
