/** The chassis database layer against the real PostgreSQL server. */
import { afterAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { openDatabase } from "@tessera/chassis/db";
import postgres from "postgres";
import { databaseUrl, dropDatabases, runId } from "./support.ts";

const prefix = `${runId}_db_`;
const migrationsFolder = join(import.meta.dir, "../../services/catalog/db/migrations");
afterAll(() => dropDatabases(prefix));

describe("openDatabase() on PostgreSQL", () => {
  test("a database that does not exist - is created and migrated", async () => {
    const url = databaseUrl(`${prefix}fresh`);
    const database = await openDatabase({ service: "catalog", migrationsFolder, databaseUrl: url });
    expect(database.kind).toBe("postgresql");
    await database.ping();
    await database.close();
    const sql = postgres(url, { max: 1 });
    const tables = await sql<
      { tablename: string }[]
    >`select tablename from pg_tables where schemaname = 'public' order by 1`;
    await sql.end();
    expect(tables.map((t) => t.tablename)).toEqual(
      expect.arrayContaining(["outbox", "processed_messages", "products", "variants"]),
    );
  });

  test("three instances starting at once - all open the same database, migrations applied once", async () => {
    const url = databaseUrl(`${prefix}race`);
    const opened = await Promise.all(
      [1, 2, 3].map(() => openDatabase({ service: "catalog", migrationsFolder, databaseUrl: url })),
    );
    for (const d of opened) await d.close();
    const sql = postgres(url, { max: 1 });
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
    await sql.end();
    const journal = await Bun.file(join(migrationsFolder, "meta", "_journal.json")).json();
    expect(row?.n).toBe(journal.entries.length);
  });

  test("a server that does not answer - fails with the URL's host in the message", async () => {
    const error = await openDatabase({
      service: "catalog",
      migrationsFolder,
      databaseUrl: "postgres://postgres@127.0.0.1:9/none",
    }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect(String((error as Error).message)).toMatch(/ECONNREFUSED|connect|127\.0\.0\.1/);
  });
});
