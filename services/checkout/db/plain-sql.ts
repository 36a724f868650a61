/**
 * Plain SQL for checkout's hot statements (the cart, placing an order, the saga's replies, the read
 * models): a fixed text run with `execute`, which both drivers (node-postgres, PGlite) answer with
 * `rows`. drizzle's query builder spends about as much CPU building a statement's text and
 * mapping its rows as the driver spends sending and reading it (measured here: ~190 µs of the
 * service's CPU for a primary-key select with the builder, ~60–90 µs with a fixed text); each
 * connection still prepares a text once and then only binds it (chassis/db/postgres.ts).
 *
 * Rows come back as the driver gives them: columns named as the statement aliases them,
 * timestamps as text (drizzle asks both drivers for that), jsonb parsed, integers as numbers.
 *
 * @example
 * const [row] = await rows<{ ownerId: string | null }>(db, sql`select owner_id as "ownerId" from carts where id = ${id}`);
 */
import type { Executor } from "@tessera/chassis/db";
import type { SQL } from "drizzle-orm";

/** Runs a plain statement and resolves its rows (none for a statement that returns none). */
export async function rows<T>(db: Executor, statement: SQL): Promise<T[]> {
  const result = (await db.execute(statement)) as unknown as { rows?: T[] };
  return result.rows ?? [];
}

/** A timestamp column as a `Date` (the drivers hand timestamps over as text). */
export function toDate(value: string | Date): Date {
  return value instanceof Date ? value : new Date(value);
}

/** A nullable timestamp column as a `Date` or null. */
export function toDateOrNull(value: string | Date | null): Date | null {
  return value === null ? null : toDate(value);
}
