/**
 * Users' delivery addresses: read one, and save one in the same transaction as its
 * `address.changed` audit entry (which names only the old and new city and country).
 */
import type { Db, Executor } from "@tessera/chassis/db";
import { eq } from "drizzle-orm";
import { recordAudit } from "../audit/log.ts";
import { addresses } from "../db/schema.ts";
import type { AddressForm } from "../users/validation.ts";

export interface Address {
  name: string;
  street: string;
  postcode: string;
  city: string;
  country: string;
  updatedAt: string;
}

/** The user's address, or undefined when they never saved one. */
export async function findAddress(db: Executor, userId: string): Promise<Address | undefined> {
  const [row] = await db.select().from(addresses).where(eq(addresses.userId, userId)).limit(1);
  if (!row) return undefined;
  const { name, street, postcode, city, country, updatedAt } = row;
  return { name, street, postcode, city, country, updatedAt: updatedAt.toISOString() };
}

const place = (a: { city: string; country: string } | undefined) => (a ? `${a.city}, ${a.country}` : "none");

/** Saves (or replaces) the address and audits the change, both or neither. */
export async function saveAddress(
  db: Db,
  user: { id: string; email: string },
  address: AddressForm,
): Promise<Address> {
  return db.transaction(async (tx) => {
    const before = await findAddress(tx, user.id);
    const updatedAt = new Date();
    const row = { ...address, updatedAt };
    await tx
      .insert(addresses)
      .values({ userId: user.id, ...row })
      .onConflictDoUpdate({ target: addresses.userId, set: row });
    await recordAudit(tx, {
      action: "address.changed",
      userId: user.id,
      email: user.email,
      detail: `${place(before)} → ${place(address)}`,
    });
    return { ...address, updatedAt: updatedAt.toISOString() };
  });
}
