/**
 * Retention: ops keeps recent history. Lines, spans and occurrences beyond their caps or older
 * than the retention window are removed (the oldest first); exception groups stay, counted.
 */
import type { Db } from "@tessera/chassis/db";
import { sql } from "drizzle-orm";
import { exceptionEvents, logLines, spans } from "../db/schema.ts";

export interface RetentionLimits {
  maxLogLines: number;
  maxSpans: number;
  maxExceptionEvents: number;
  retentionHours: number;
}

/** Removes what is beyond the limits; returns how many rows of each went. */
export async function prune(db: Db, limits: RetentionLimits, now = new Date()) {
  const cutoff = new Date(now.getTime() - limits.retentionHours * 3600_000);
  const cutoffUs = cutoff.getTime() * 1000;
  const logs =
    await db.execute(sql`delete from ${logLines} where ${logLines.time} < ${cutoff.toISOString()}::timestamptz
    or ${logLines.id} <= (select max(${logLines.id}) from ${logLines}) - ${limits.maxLogLines}`);
  const spanRows = await db.execute(sql`delete from ${spans} where ${spans.startUs} < ${cutoffUs}
    or ${spans.seq} <= (select max(${spans.seq}) from ${spans}) - ${limits.maxSpans}`);
  const events =
    await db.execute(sql`delete from ${exceptionEvents} where ${exceptionEvents.occurredAt} < ${cutoff.toISOString()}::timestamptz
    or ${exceptionEvents.id} <= (select max(${exceptionEvents.id}) from ${exceptionEvents}) - ${limits.maxExceptionEvents}`);
  const count = (r: unknown) =>
    Number(
      // PGlite says affectedRows, node-postgres rowCount
      (r as { affectedRows?: number; rowCount?: number | null }).affectedRows ??
        (r as { rowCount?: number | null }).rowCount ??
        0,
    );
  return { logs: count(logs), spans: count(spanRows), exceptionEvents: count(events) };
}
