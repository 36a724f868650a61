/**
 * A real PostgreSQL server through postgres.js: the service's database is created when
 * missing (one database per service), and migrations run under an advisory lock so that
 * several instances starting together apply them once.
 */
import postgres, { type Sql } from "postgres";

const MIGRATION_LOCK = 7_202_611; // any constant shared by every instance of every service

/** Creates the database named in `url` when the server does not have it yet. */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[A-Za-z0-9_-]+$/.test(name)) {
    throw new Error(`DATABASE_URL names the database "${name}": use letters, digits, "_" and "-" only`);
  }
  const maintenance = new URL(url);
  maintenance.pathname = "/postgres";
  const admin = postgres(maintenance.toString(), { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    const found = await admin`select 1 from pg_database where datname = ${name}`;
    if (found.length === 0) {
      await admin.unsafe(`create database "${name}"`).catch((error: { code?: string }) => {
        // another instance created it first: "duplicate_database", or the catalog unique index in a tie
        if (error.code !== "42P04" && error.code !== "23505") throw error;
      });
    }
  } finally {
    await admin.end({ timeout: 1 });
  }
}

/** A connection pool for the service. */
export function connectPostgres(url: string, max = 10): Sql {
  return postgres(url, { max, onnotice: () => {}, connect_timeout: 5, idle_timeout: 30 });
}

/** Runs `fn` while holding the migrations advisory lock on a connection of its own. */
export async function withMigrationLock<T>(url: string, fn: () => Promise<T>): Promise<T> {
  const lock = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    await lock`select pg_advisory_lock(${MIGRATION_LOCK})`;
    return await fn();
  } finally {
    await lock`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => {});
    await lock.end({ timeout: 1 });
  }
}
