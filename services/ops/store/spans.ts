/** Storing spans and reading them back as traces. */
import type { Db } from "@tessera/chassis/db";
import { asc, desc, eq, inArray, sql } from "drizzle-orm";
import { spans } from "../db/schema.ts";
import type { SpanRecord } from "../ingest/otlp.ts";

/** Stores spans; a span sent twice is kept once. */
export async function insertSpans(db: Db, records: SpanRecord[]): Promise<void> {
  for (let i = 0; i < records.length; i += 500)
    await db
      .insert(spans)
      .values(records.slice(i, i + 500))
      .onConflictDoNothing();
}

export interface TraceSearch {
  traceId?: string;
  service?: string;
  errorsOnly?: boolean;
  limit: number;
}

/** One trace in a list: its root (or earliest) span, its services, size, duration and errors. */
export interface TraceSummary {
  traceId: string;
  root: string;
  services: string[];
  spanCount: number;
  errorCount: number;
  startedAt: string;
  durationUs: number;
}

/** Recent traces matching the search, newest first. */
export async function listTraces(db: Db, search: TraceSearch): Promise<TraceSummary[]> {
  const having: ReturnType<typeof sql>[] = [];
  if (search.service) having.push(sql`bool_or(${spans.service} = ${search.service})`);
  if (search.errorsOnly) having.push(sql`bool_or(${spans.status} = 'error')`);
  const rows = await db
    .select({
      traceId: spans.traceId,
      spanCount: sql<number>`count(*)::int`,
      errorCount: sql<number>`count(*) filter (where ${spans.status} = 'error')::int`,
      start: sql<number>`min(${spans.startUs})::bigint`,
      end: sql<number>`max(${spans.startUs} + ${spans.durationUs})::bigint`,
      services: sql<string[]>`array_agg(distinct ${spans.service})`,
    })
    .from(spans)
    .where(search.traceId ? eq(spans.traceId, search.traceId) : undefined)
    .groupBy(spans.traceId)
    .having(having.length ? sql.join(having, sql` and `) : undefined)
    .orderBy(desc(sql`min(${spans.startUs})`))
    .limit(search.limit);
  if (rows.length === 0) return [];
  const roots = await db
    .select({
      traceId: spans.traceId,
      name: spans.name,
      service: spans.service,
      parentSpanId: spans.parentSpanId,
    })
    .from(spans)
    .where(
      inArray(
        spans.traceId,
        rows.map((r) => r.traceId),
      ),
    )
    // the span without a parent first (the page view), else the earliest (its root has not arrived)
    .orderBy(sql`${spans.parentSpanId} is not null`, asc(spans.startUs));
  const rootOf = new Map<string, string>();
  for (const r of roots) if (!rootOf.has(r.traceId)) rootOf.set(r.traceId, `${r.service}: ${r.name}`);
  return rows.map((r) => ({
    traceId: r.traceId,
    root: rootOf.get(r.traceId) ?? "",
    services: [...r.services].sort(),
    spanCount: r.spanCount,
    errorCount: r.errorCount,
    startedAt: new Date(Number(r.start) / 1000).toISOString(),
    durationUs: Number(r.end) - Number(r.start),
  }));
}

/** Every span of a trace, earliest first. */
export async function getTrace(db: Db, traceId: string) {
  const rows = await db.select().from(spans).where(eq(spans.traceId, traceId)).orderBy(asc(spans.startUs));
  return rows.map((r) => ({
    spanId: r.spanId,
    parentSpanId: r.parentSpanId,
    name: r.name,
    service: r.service,
    kind: r.kind,
    startUs: Number(r.startUs),
    durationUs: Number(r.durationUs),
    status: r.status,
    statusMessage: r.statusMessage,
    attributes: r.attributes,
    events: r.events,
  }));
}
export type SpanView = Awaited<ReturnType<typeof getTrace>>[number];
