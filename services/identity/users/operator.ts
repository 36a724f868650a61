/**
 * The operator account, seeded from configuration at start: created with the `operator` role
 * when its email is unknown, given the role when the account exists without it (its password is
 * then left alone). Audited either way.
 */
import { OPERATOR_ROLE } from "@tessera/chassis/access";
import type { Db } from "@tessera/chassis/db";
import { eq, sql } from "drizzle-orm";
import { recordAudit } from "../audit/log.ts";
import { users } from "../db/schema.ts";
import { hashPassword } from "./passwords.ts";
import { findUserByEmail, insertUser } from "./store.ts";

/** Ensures the operator exists; answers what was done. */
export async function seedOperator(
  db: Db,
  operator: { email: string; password: string },
): Promise<"created" | "granted" | "present"> {
  const existing = await findUserByEmail(db, operator.email);
  if (existing?.roles.includes(OPERATOR_ROLE)) return "present";
  if (existing) {
    await db.transaction(async (tx) => {
      await tx
        .update(users)
        .set({ roles: sql`array_append(${users.roles}, ${OPERATOR_ROLE})` })
        .where(eq(users.id, existing.id));
      await recordAudit(tx, { action: "operator-seeded", userId: existing.id, email: existing.email });
    });
    return "granted";
  }
  const passwordHash = await hashPassword(operator.password);
  await db.transaction(async (tx) => {
    const created = await insertUser(tx, {
      name: "Operator",
      email: operator.email,
      passwordHash,
      roles: [OPERATOR_ROLE],
    });
    if (created)
      await recordAudit(tx, { action: "operator-seeded", userId: created.id, email: created.email });
  });
  return "created";
}
