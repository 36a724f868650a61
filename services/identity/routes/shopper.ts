/** The signed-in shopper, as the composer tells services: the `x-tessera-user` header. */
import { AppError } from "@tessera/chassis/errors";
import type { Context } from "hono";

export const USER_HEADER = "x-tessera-user";

/** The shopper's user id, or undefined for a visitor. */
export function shopperId(c: Context): string | undefined {
  return c.req.header(USER_HEADER)?.trim() || undefined;
}

/** Requires the shopper to be `userId`: 401 when nobody is signed in, 403 for someone else. */
export function requireShopper(c: Context, userId: string): void {
  const shopper = shopperId(c);
  if (!shopper) throw new AppError("unauthorized", `Sign in first: the ${USER_HEADER} header is missing`);
  if (shopper !== userId) throw new AppError("forbidden", "You can only see your own account's records");
}
