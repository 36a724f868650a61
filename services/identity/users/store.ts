/** Reading and writing users. Emails compare case-insensitively (the unique index is on lower(email)). */
import type { Executor } from "@tessera/chassis/db";
import { eq, sql } from "drizzle-orm";
import { users } from "../db/schema.ts";

export type User = typeof users.$inferSelect;

/** A user as others may see it: never the password hash. */
export interface PublicUser {
  id: string;
  name: string;
  email: string;
}

export const toPublicUser = (user: User): PublicUser => ({ id: user.id, name: user.name, email: user.email });

export async function findUserByEmail(db: Executor, email: string): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(sql`lower(${users.email}) = lower(${email})`);
  return user;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The user with this id; undefined for an unknown id or one that is not a UUID. */
export async function findUserById(db: Executor, id: string): Promise<User | undefined> {
  if (!UUID.test(id)) return undefined;
  const [user] = await db.select().from(users).where(eq(users.id, id));
  return user;
}

/** Inserts the user; resolves undefined when the email is taken (whatever its case). */
export async function insertUser(
  db: Executor,
  row: { name: string; email: string; passwordHash: string; roles?: string[] },
): Promise<User | undefined> {
  const [user] = await db
    .insert(users)
    .values({ id: crypto.randomUUID(), ...row })
    .onConflictDoNothing()
    .returning();
  return user;
}
