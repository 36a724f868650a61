/**
 * A real PostgreSQL server through node-postgres (`pg`): the service's database is created when
 * missing (one database per service), migrations run under an advisory lock so that several
 * instances starting together apply them once, and the pool survives dropped connections.
 *
 * Why `pg` and not postgres.js: under connection resets postgres.js 3.4.9 leaves queries that
 * never settle — a transaction's ROLLBACK written after the socket closed throws from a
 * `setImmediate` (`null is not an object (evaluating 'socket.write')`, porsager/postgres#1208)
 * and the connection keeps a stale write timer, so later queries on it wait forever (see
 * bench/faults/README.md). node-postgres rejects every query of a broken client and the pool
 * discards that client on release.
 */
import pg from "pg";
import { pgStream } from "./bun-socket.ts";

const MIGRATION_LOCK = 7_202_611; // any constant shared by every instance of every service

/** Server-side and client-side bounds on one statement: nothing waits on the database for ever. */
export const STATEMENT_TIMEOUT_MS = 20_000;
const QUERY_TIMEOUT_MS = STATEMENT_TIMEOUT_MS + 5_000;

/** Creates the database named in `url` when the server does not have it yet. */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[A-Za-z0-9_-]+$/.test(name)) {
    throw new Error(`DATABASE_URL names the database "${name}": use letters, digits, "_" and "-" only`);
  }
  const maintenance = new URL(url);
  maintenance.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: maintenance.toString(), connectionTimeoutMillis: 5000 });
  admin.on("error", () => {}); // a drop after the work is done: nothing left to report
  await admin.connect();
  try {
    const found = await admin.query("select 1 from pg_database where datname = $1", [name]);
    if (found.rowCount === 0) {
      await admin.query(`create database "${name}"`).catch((error: { code?: string }) => {
        // another instance created it first: "duplicate_database", or the catalog unique index in a tie
        if (error.code !== "42P04" && error.code !== "23505") throw error;
      });
    }
  } finally {
    await admin.end().catch(() => {});
  }
}

export interface PostgresPoolOptions {
  /** Connections at most (10). */
  max?: number;
  /** Called when an idle or checked-out connection breaks (it is discarded, never reused). */
  onConnectionError?: (error: Error) => void;
  /** Bound every statement (true); false for migrations, whose DDL may take as long as it takes. */
  bounded?: boolean;
}

/**
 * A connection pool for the service. A connection that breaks (reset, server restart) rejects
 * its queries and is discarded on release; new connections are made on demand. Statements are
 * bounded by `statement_timeout` (server) and `query_timeout` (client), so no call waits for ever.
 * Connections run on Bun's own sockets ({@link pgStream}), a TLS one on `node:net`.
 */
export function connectPostgres(url: string, options: PostgresPoolOptions = {}): pg.Pool {
  const report = options.onConnectionError ?? (() => {});
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    // Bun's own TCP socket rather than node:net's streams (TLS connections keep node:net): bun-socket.ts
    stream: pgStream,
    ...(options.bounded === false
      ? {}
      : {
          statement_timeout: STATEMENT_TIMEOUT_MS,
          query_timeout: QUERY_TIMEOUT_MS,
          idle_in_transaction_session_timeout: STATEMENT_TIMEOUT_MS,
        }),
  });
  // An idle connection that breaks is reported here (without a listener it would crash the process).
  pool.on("error", report);
  // A checked-out connection that breaks between two queries emits on the client itself: the
  // pool removes only its idle listener while the client is lent out.
  pool.on("connect", (client) => {
    client.on("error", report);
    if (options.bounded !== false) prepareEachText(client);
  });
  return pool;
}

/** Statement texts a connection keeps prepared at most; further texts run unnamed. */
const PREPARED_PER_CONNECTION = 500;

/**
 * Names every parameterised query by its text, so that each connection parses and plans a
 * statement once and then only binds and executes it: PostgreSQL spends about 40 % less CPU per
 * statement (measured: 0.043 → 0.025 ms for a primary-key select or update). drizzle's queries
 * are a bounded set of texts per service; past {@link PREPARED_PER_CONNECTION} distinct texts on
 * one connection the rest run unnamed. A statement that fails to parse is forgotten by `pg` and
 * parsed again next time; a new connection (after a reset) starts with none.
 */
function prepareEachText(client: pg.PoolClient): void {
  const names = new Map<string, string>();
  const query = client.query;
  const named = function (this: pg.PoolClient, config: unknown, ...rest: unknown[]) {
    if (config !== null && typeof config === "object") {
      const c = config as pg.QueryConfig;
      // only queries with parameters: those use the extended protocol anyway (begin, commit: simple)
      const values = rest[0];
      if (typeof c.text === "string" && c.name === undefined && Array.isArray(values) && values.length > 0) {
        let name = names.get(c.text);
        if (name === undefined && names.size < PREPARED_PER_CONNECTION) {
          name = `t${names.size.toString(36)}`;
          names.set(c.text, name);
        }
        if (name !== undefined) config = { ...c, name };
      }
    }
    return (query as (...args: unknown[]) => unknown).call(this, config, ...rest);
  };
  client.query = named as typeof client.query;
}

/** Runs `fn` while holding the migrations advisory lock on a connection of its own. */
export async function withMigrationLock<T>(url: string, fn: () => Promise<T>): Promise<T> {
  const lock = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  lock.on("error", () => {}); // the lock goes with the connection; the migration's own error is what counts
  await lock.connect();
  try {
    await lock.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
    return await fn();
  } finally {
    await lock.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => {});
    await lock.end().catch(() => {});
  }
}
