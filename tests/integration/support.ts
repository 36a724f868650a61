/** Shared set-up for the integration tier: a run id, and clean-up of what a run created on the servers. */
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import postgres from "postgres";
import { TEST_DATABASE_URL, TEST_NATS_URL } from "../../scripts/prerequisites.ts";

export { TEST_DATABASE_URL, TEST_NATS_URL };

/** A short id unique to this test run, usable in database, stream and subject names. */
export const runId = `t${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;

/** A PostgreSQL URL for a database of this run. */
export function databaseUrl(name: string): string {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops every database whose name starts with `prefix` (closing their connections first). */
export async function dropDatabases(prefix: string): Promise<void> {
  const sql = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<
      { datname: string }[]
    >`select datname from pg_database where datname like ${`${prefix}%`}`;
    for (const { datname } of rows) {
      await sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${datname}`;
      await sql.unsafe(`drop database if exists "${datname}"`);
    }
  } finally {
    await sql.end({ timeout: 2 });
  }
}

/** Deletes the JetStream streams whose name starts with `prefix`. */
export async function deleteStreams(prefix: string): Promise<void> {
  const nc = await connect({ servers: TEST_NATS_URL });
  try {
    const jsm = await jetstreamManager(nc);
    for await (const name of jsm.streams.names()) if (name.startsWith(prefix)) await jsm.streams.delete(name);
  } finally {
    await nc.close();
  }
}
