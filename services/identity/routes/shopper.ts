/**
 * The signed-in shopper, as the chassis verified it: the internal identity token the composer
 * minted for identity (`x-tessera-identity`, audience `identity`). No other header is trusted.
 */
import { identityOf } from "@tessera/chassis/access";
import { AppError } from "@tessera/chassis/errors";
import type { Context } from "hono";

/** The shopper's user id, or undefined for a visitor. */
export function shopperId(c: Context): string | undefined {
  return identityOf(c)?.sub;
}

/** Requires the shopper to be `userId`: 401 when nobody is signed in, 403 for someone else. */
export function requireShopper(c: Context, userId: string): void {
  const shopper = shopperId(c);
  if (!shopper) throw new AppError("unauthorized", "Sign in first: this needs a signed-in user");
  if (shopper !== userId) throw new AppError("forbidden", "You can only see your own account's records");
}
