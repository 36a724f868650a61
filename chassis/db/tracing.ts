/**
 * One span per database query. Every drizzle query, whichever driver runs it, goes through
 * `PgPreparedQuery.prototype.queryWithCache`; wrapping it once gives both PGlite and postgres.js
 * the same spans, parented on the active span of the service doing the work — when that
 * service's tracer exports spans at all (see `isExporting`).
 */
import { PgPreparedQuery } from "drizzle-orm/pg-core";
import { activeTracer, isExporting, SpanKind, withSpan } from "../trace/index.ts";

let patched = false;

type QueryWithCache = (
  queryString: string,
  params: unknown[],
  query: () => Promise<unknown>,
) => Promise<unknown>;

/** Installs the query spans once per process. */
export function traceQueries(system: "pglite" | "postgresql"): void {
  if (patched) return;
  patched = true;
  const proto = PgPreparedQuery.prototype as unknown as { queryWithCache: QueryWithCache };
  const original = proto.queryWithCache;
  proto.queryWithCache = function (this: unknown, queryString, params, query) {
    // no span nobody would see: a service whose tracer exports nothing runs the query bare
    if (!isExporting(activeTracer())) return original.call(this, queryString, params, query);
    const operation = /^\s*(\w+)/.exec(queryString)?.[1]?.toUpperCase() ?? "QUERY";
    return withSpan(`db ${operation}`, () => original.call(this, queryString, params, query), {
      kind: SpanKind.CLIENT,
      attributes: { "db.system.name": system, "db.query.text": queryString, "db.operation.name": operation },
    });
  };
}
