/**
 * The service's own database through drizzle-orm: embedded PGlite by default (one data
 * directory per service), a real PostgreSQL server when `DATABASE_URL` is set. The same
 * drizzle-kit migrations are applied at start in both cases.
 *
 * @example
 * const database = await openDatabase({ service: "catalog", migrationsFolder, dataDir: ".data/catalog" });
 * const rows = await database.db.select().from(products);
 */
import { join } from "node:path";
import { drizzle as drizzlePostgres } from "drizzle-orm/node-postgres";
import { migrate as migratePostgres } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { openPglite, pgliteTemplate } from "./pglite.ts";
import { connectPostgres, ensureDatabase, withMigrationLock } from "./postgres.ts";
import { traceQueries } from "./tracing.ts";
import { plainTransactionStatements } from "./transactions.ts";

export { plainQuery, postgresPool } from "./plain.ts";
export { pgliteTemplate };

// biome-ignore lint/suspicious/noExplicitAny: drizzle's relational schema parameter is service-specific
type AnySchema = Record<string, any>;
/** A drizzle database, whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, AnySchema>;
/** A drizzle transaction. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Anything that runs queries: the database or a transaction in progress. */
export type Executor = Db | Tx;

export interface Database {
  db: Db;
  kind: "pglite" | "postgresql";
  /** Runs `select 1`; rejects when the database does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  service: string;
  migrationsFolder: string;
  /** A PostgreSQL URL: when set, the server is used instead of PGlite. */
  databaseUrl?: string;
  /** Where the service's PGlite data directory lives; in memory when omitted. */
  dataDir?: string;
  /** PostgreSQL only: connections at most (10). */
  poolSize?: number;
  /** PostgreSQL only: a pooled connection broke (reset, server restart); it is discarded. */
  onConnectionError?: (error: Error) => void;
}

/** Opens the service's database and applies its migrations. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    traceQueries("postgresql");
    plainTransactionStatements();
    const url = options.databaseUrl;
    await ensureDatabase(url);
    // migrations on a connection of their own, without the statement timeout of the service's pool
    const migrations = connectPostgres(url, { max: 1, bounded: false });
    try {
      await withMigrationLock(url, () =>
        migratePostgres(drizzlePostgres({ client: migrations }), {
          migrationsFolder: options.migrationsFolder,
        }),
      );
    } finally {
      await migrations.end().catch(() => {});
    }
    const pool = connectPostgres(url, {
      max: options.poolSize,
      onConnectionError: options.onConnectionError,
    });
    const db = drizzlePostgres({ client: pool }) as unknown as Db;
    return {
      db,
      kind: "postgresql",
      ping: async () => {
        await pool.query("select 1");
      },
      // connections still lent out after 5 s are left to the process's exit
      close: () => Promise.race([pool.end(), Bun.sleep(5000)]).then(() => {}),
    };
  }
  traceQueries("pglite");
  const client = await openPglite(options.dataDir ? join(options.dataDir, options.service) : undefined);
  const pg = drizzlePglite({ client });
  await migratePglite(pg, { migrationsFolder: options.migrationsFolder });
  return {
    db: pg as unknown as Db,
    kind: "pglite",
    ping: async () => {
      await client.query("select 1");
    },
    close: () => client.close(),
  };
}
