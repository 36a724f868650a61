/**
 * Binding a cart to the signed-in user: the first signed-in user to use an anonymous cart owns
 * it from then on; a cart owned by someone is no cart at all for anybody else (another user, or
 * the same browser signed out). An anonymous cart stays a capability: whoever holds its
 * unguessable id may use it. The middleware decides once per request; {@link cartIdOf} answers.
 */
import { identityOf } from "@tessera/chassis/access";
import type { Db } from "@tessera/chassis/db";
import { and, eq, isNull } from "drizzle-orm";
import type { Context, MiddlewareHandler } from "hono";
import { carts } from "../db/schema.ts";
import { CART_HEADER, readCartId } from "./cart-id.ts";

declare module "hono" {
  interface ContextVariableMap {
    /** The cart this request may use (set by {@link cartAccess}); null: none. */
    usableCartId: string | null;
  }
}

/** Resolves the cart the caller may use and claims an anonymous one for a signed-in user. */
export function cartAccess(db: Db): MiddlewareHandler {
  return async (c, next) => {
    const id = readCartId(c.req.header(CART_HEADER));
    let usable: string | null = id ?? null;
    if (id) {
      const [cart] = await db.select({ ownerId: carts.ownerId }).from(carts).where(eq(carts.id, id));
      const user = identityOf(c)?.sub;
      if (cart?.ownerId && cart.ownerId !== user) usable = null;
      else if (cart && !cart.ownerId && user)
        await db
          .update(carts)
          .set({ ownerId: user })
          .where(and(eq(carts.id, id), isNull(carts.ownerId)));
    }
    c.set("usableCartId", usable);
    await next();
  };
}

/** The cart the caller may use, or undefined (the middleware must have run: otherwise none). */
export function usableCartId(c: Context): string | undefined {
  return c.get("usableCartId") ?? undefined;
}
