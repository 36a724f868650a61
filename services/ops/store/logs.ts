/** Storing and searching log lines. */
import type { Db } from "@tessera/chassis/db";
import { and, desc, eq, gte, ilike, lte, type SQL } from "drizzle-orm";
import { logLines } from "../db/schema.ts";
import type { LogRecord } from "../ingest/logs.ts";

export async function insertLogs(db: Db, records: LogRecord[]): Promise<void> {
  for (let i = 0; i < records.length; i += 500) await db.insert(logLines).values(records.slice(i, i + 500));
}

export interface LogSearch {
  service?: string;
  /** This level and above. */
  minLevel?: number;
  from?: Date;
  to?: Date;
  traceId?: string;
  /** Text in the message. */
  text?: string;
  limit: number;
}

/** Matching lines, newest first. */
export async function searchLogs(db: Db, search: LogSearch) {
  const where: SQL[] = [];
  if (search.service) where.push(eq(logLines.service, search.service));
  if (search.minLevel) where.push(gte(logLines.levelNum, search.minLevel));
  if (search.from) where.push(gte(logLines.time, search.from));
  if (search.to) where.push(lte(logLines.time, search.to));
  if (search.traceId) where.push(eq(logLines.traceId, search.traceId));
  if (search.text) where.push(ilike(logLines.msg, `%${search.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  const rows = await db
    .select()
    .from(logLines)
    .where(and(...where))
    .orderBy(desc(logLines.time), desc(logLines.id))
    .limit(search.limit);
  return rows.map((r) => ({
    id: r.id,
    time: r.time.toISOString(),
    service: r.service,
    version: r.version,
    level: r.level,
    msg: r.msg,
    traceId: r.traceId,
    spanId: r.spanId,
    line: r.line as Record<string, unknown>,
  }));
}
export type LogView = Awaited<ReturnType<typeof searchLogs>>[number];

/** The services that have shipped lines (for the filter). */
export async function logServices(db: Db): Promise<string[]> {
  const rows = await db
    .selectDistinct({ service: logLines.service })
    .from(logLines)
    .orderBy(logLines.service);
  return rows.map((r) => r.service);
}
