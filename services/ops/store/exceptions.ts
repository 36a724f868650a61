/**
 * Grouping exceptions: each report is counted in its fingerprint's group (first and last seen,
 * releases, the last trace id) and kept as an occurrence. A group seen for the first time is
 * `new`; one that comes back after an operator resolved it is a `regression`.
 */
import type { Db } from "@tessera/chassis/db";
import { desc, eq, sql } from "drizzle-orm";
import { exceptionEvents, exceptionGroups } from "../db/schema.ts";
import { type ExceptionInput, fingerprint, topFrame } from "../ingest/exceptions.ts";

export type GroupChange = "new" | "regression" | "repeat";

/** Records one occurrence in its group, in one transaction. */
export async function recordException(db: Db, report: ExceptionInput, now = new Date()) {
  const fp = fingerprint(report);
  const at = report.occurred_at ? new Date(report.occurred_at) : now;
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ resolvedAt: exceptionGroups.resolvedAt })
      .from(exceptionGroups)
      .where(eq(exceptionGroups.fingerprint, fp))
      .for("update");
    const change: GroupChange = !before ? "new" : before.resolvedAt ? "regression" : "repeat";
    const [group] = await tx
      .insert(exceptionGroups)
      .values({
        fingerprint: fp,
        kind: report.kind,
        service: report.service,
        type: report.type ?? "Error",
        message: report.message,
        topFrame: topFrame(report.stack) ?? null,
        count: 1,
        firstSeen: at,
        lastSeen: at,
        firstRelease: report.release,
        lastRelease: report.release,
        lastTraceId: report.trace_id ?? null,
      })
      .onConflictDoUpdate({
        target: exceptionGroups.fingerprint,
        set: {
          count: sql`${exceptionGroups.count} + 1`,
          lastSeen: sql`greatest(${exceptionGroups.lastSeen}, ${at.toISOString()}::timestamptz)`,
          lastRelease: report.release,
          lastTraceId: report.trace_id ?? sql`${exceptionGroups.lastTraceId}`,
          resolvedAt: null,
        },
      })
      .returning();
    await tx.insert(exceptionEvents).values({
      fingerprint: fp,
      occurredAt: at,
      service: report.service,
      release: report.release,
      message: report.message,
      stack: report.stack ?? null,
      url: report.url ?? null,
      traceId: report.trace_id ?? null,
      spanId: report.span_id ?? null,
      userAgent: report.user_agent ?? null,
    });
    if (!group) throw new Error("Recording the exception group returned nothing");
    return { group: groupView(group), change };
  });
}

type GroupRow = typeof exceptionGroups.$inferSelect;
function groupView(g: GroupRow) {
  return {
    fingerprint: g.fingerprint,
    kind: g.kind,
    service: g.service,
    type: g.type,
    message: g.message,
    topFrame: g.topFrame,
    count: g.count,
    firstSeen: g.firstSeen.toISOString(),
    lastSeen: g.lastSeen.toISOString(),
    firstRelease: g.firstRelease,
    lastRelease: g.lastRelease,
    lastTraceId: g.lastTraceId,
    resolvedAt: g.resolvedAt?.toISOString() ?? null,
  };
}
export type GroupView = ReturnType<typeof groupView>;

/** Groups, most recently seen first, with the trace ids of their latest occurrences. */
export async function listGroups(db: Db, options: { service?: string; traceId?: string; limit: number }) {
  let fingerprints: string[] | undefined;
  if (options.traceId) {
    const rows = await db
      .selectDistinct({ fingerprint: exceptionEvents.fingerprint })
      .from(exceptionEvents)
      .where(eq(exceptionEvents.traceId, options.traceId));
    fingerprints = rows.map((r) => r.fingerprint);
    if (fingerprints.length === 0) return [];
  }
  const groups = await db
    .select()
    .from(exceptionGroups)
    .where(
      sql`true ${options.service ? sql`and ${exceptionGroups.service} = ${options.service}` : sql``} ${
        fingerprints ? sql`and ${exceptionGroups.fingerprint} in ${fingerprints}` : sql``
      }`,
    )
    .orderBy(desc(exceptionGroups.lastSeen))
    .limit(options.limit);
  const result = [];
  for (const g of groups) {
    const recent = await db
      .select({ traceId: exceptionEvents.traceId })
      .from(exceptionEvents)
      .where(eq(exceptionEvents.fingerprint, g.fingerprint))
      .orderBy(desc(exceptionEvents.occurredAt), desc(exceptionEvents.id))
      .limit(5);
    result.push({
      ...groupView(g),
      recentTraceIds: [...new Set(recent.map((r) => r.traceId).filter((t): t is string => !!t))],
    });
  }
  return result;
}

/** One group and its latest occurrences (stack traces included). */
export async function getGroup(db: Db, fp: string) {
  const [group] = await db.select().from(exceptionGroups).where(eq(exceptionGroups.fingerprint, fp));
  if (!group) return undefined;
  const events = await db
    .select()
    .from(exceptionEvents)
    .where(eq(exceptionEvents.fingerprint, fp))
    .orderBy(desc(exceptionEvents.occurredAt), desc(exceptionEvents.id))
    .limit(20);
  return {
    ...groupView(group),
    events: events.map((e) => ({
      occurredAt: e.occurredAt.toISOString(),
      service: e.service,
      release: e.release,
      message: e.message,
      stack: e.stack,
      url: e.url,
      traceId: e.traceId,
      userAgent: e.userAgent,
    })),
  };
}

/** Marks a group resolved; true when it exists. */
export async function resolveGroup(db: Db, fp: string, now = new Date()): Promise<boolean> {
  const rows = await db
    .update(exceptionGroups)
    .set({ resolvedAt: now })
    .where(eq(exceptionGroups.fingerprint, fp))
    .returning({ fp: exceptionGroups.fingerprint });
  return rows.length > 0;
}
