/**
 * Plain SQL on a drizzle database or transaction, for the hottest statements: the text is written
 * once (no query builder assembling it on every call) and runs on the executor's own connection —
 * the pool, or the transaction's client — so it joins the caller's transaction. On PostgreSQL the
 * pool names every parameterised text (`prepareEachText`), so each connection parses it once; on
 * PGlite it runs as is. Drizzle spends 10–30 % of a service's CPU building SQL on the order path
 * (bench/faults/README.md); a statement written here costs none of that.
 *
 * Values go to the driver as they are: strings, numbers, booleans, `null`, `Date`s and arrays of
 * them. A `jsonb` value is passed as its JSON text (`JSON.stringify`) and cast in the statement
 * (`$1::jsonb`, or `$1::jsonb[]` for an array of texts), which both drivers store as JSON. Rows
 * come back as the driver parses them (`timestamptz` as `Date`, `jsonb` as its value, `int4` as
 * a number) — columns, not drizzle's camelCase fields.
 *
 * @example
 * const rows = await plainQuery<{ id: string }>(tx, "select id from outbox where published_at is null limit $1", [100]);
 */
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import pg from "pg";
import { activeTracer, isExporting, SpanKind, withSpan } from "../trace/index.ts";

/** What both drivers' clients offer: `pg`'s pool or client, PGlite or its transaction (which also has `exec`). */
interface QueryClient {
  query(config: { text: string } | string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  exec?: unknown;
}

// biome-ignore lint/suspicious/noExplicitAny: any drizzle database or transaction, whichever schema
type AnyExecutor = PgDatabase<PgQueryResultHKT, any>;

/** The connection drizzle runs `executor`'s queries on (the transaction's own client inside one). */
function clientOf(executor: AnyExecutor): QueryClient {
  const session = (executor as unknown as { session?: { client?: QueryClient } }).session;
  const client = session?.client;
  if (!client || typeof client.query !== "function") {
    throw new Error("plainQuery needs a drizzle database or transaction of node-postgres or PGlite");
  }
  return client;
}

/** Runs `text` with `values` (`$1`, `$2`, …) in `executor` (a transaction's connection, or the pool); resolves the rows. */
export async function plainQuery<R = Record<string, unknown>>(
  executor: AnyExecutor,
  text: string,
  values: readonly unknown[] = [],
): Promise<R[]> {
  const client = clientOf(executor);
  const pglite = typeof client.exec === "function";
  // `pg` takes an object config with its values, which the pool's connections name (prepare once)
  const run = () => client.query(pglite ? text : { text }, values as unknown[]).then((r) => r.rows as R[]);
  if (!isExporting(activeTracer())) return run();
  const operation = /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? "QUERY";
  return withSpan(`db ${operation}`, run, {
    kind: SpanKind.CLIENT,
    attributes: {
      "db.system.name": pglite ? "pglite" : "postgresql",
      "db.query.text": text,
      "db.operation.name": operation,
    },
  });
}

/**
 * The `pg` pool under a drizzle database on PostgreSQL (undefined on PGlite), for work that needs
 * a connection of its own across several simple-protocol round trips (the outbox relay's pass).
 */
export function postgresPool(db: AnyExecutor): pg.Pool | undefined {
  const client = (db as unknown as { $client?: unknown }).$client;
  return client instanceof pg.Pool ? client : undefined;
}
