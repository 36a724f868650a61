/**
 * Binding a cart to the signed-in user: the first signed-in user to use an anonymous cart owns
 * it from then on; a cart owned by someone is no cart at all for anybody else (another user, or
 * the same browser signed out). An anonymous cart stays a capability: whoever holds its
 * unguessable id may use it. The middleware decides once per request; {@link cartIdOf} answers.
 *
 * A cart's owner never changes once bound (nothing unbinds or rebinds a cart, and ids are never
 * reused), so each instance remembers the owners it has seen or bound ({@link KnownOwners}) and
 * reads a bound cart's owner from its database only once: a shopper's place-order after their
 * cart/add asks the database nothing here. An anonymous cart is read every time (another
 * instance may bind it).
 */
import { identityOf } from "@tessera/chassis/access";
import { type Db, plainQuery } from "@tessera/chassis/db";
import type { Context, MiddlewareHandler } from "hono";
import { CART_HEADER, readCartId } from "./cart-id.ts";

declare module "hono" {
  interface ContextVariableMap {
    /** The cart this request may use (set by {@link cartAccess}); null: none. */
    usableCartId: string | null;
  }
}

/** Owners of bound carts this instance has seen, the newest `max` of them (a cart's owner never changes). */
export class KnownOwners {
  private readonly owners = new Map<string, string>();

  constructor(private readonly max = 10_000) {}

  /** The owner of a bound cart, when this instance knows it. */
  get(cartId: string): string | undefined {
    return this.owners.get(cartId);
  }

  /** Remembers a cart's owner (forgetting the oldest past `max`). */
  remember(cartId: string, ownerId: string): void {
    if (this.owners.has(cartId)) return;
    if (this.owners.size >= this.max) {
      const oldest = this.owners.keys().next().value;
      if (oldest !== undefined) this.owners.delete(oldest);
    }
    this.owners.set(cartId, ownerId);
  }
}

/** Resolves the cart the caller may use and claims an anonymous one for a signed-in user. */
export function cartAccess(db: Db, owners: KnownOwners): MiddlewareHandler {
  return async (c, next) => {
    const id = readCartId(c.req.header(CART_HEADER));
    c.set("usableCartId", id ? await usable(db, owners, id, identityOf(c)?.sub) : null);
    await next();
  };
}

/** `cartId` when `user` (undefined: signed out) may use it; binds an anonymous cart to a signed-in user. */
async function usable(
  db: Db,
  owners: KnownOwners,
  cartId: string,
  user: string | undefined,
): Promise<string | null> {
  const known = owners.get(cartId);
  if (known !== undefined) return known === user ? cartId : null;
  const [cart] = await plainQuery<{ ownerId: string | null }>(
    db,
    'select owner_id as "ownerId" from carts where id = $1',
    [cartId],
  );
  if (cart?.ownerId) {
    owners.remember(cartId, cart.ownerId);
    return cart.ownerId === user ? cartId : null;
  }
  if (cart && user) {
    const [bound] = await plainQuery<{ ownerId: string }>(
      db,
      'update carts set owner_id = coalesce(owner_id, $1::text) where id = $2 returning owner_id as "ownerId"',
      [user, cartId],
    );
    // another request may have bound it first: then it is theirs
    if (bound) {
      owners.remember(cartId, bound.ownerId);
      return bound.ownerId === user ? cartId : null;
    }
  }
  return cartId;
}

/** The cart the caller may use, or undefined (the middleware must have run: otherwise none). */
export function usableCartId(c: Context): string | undefined {
  return c.get("usableCartId") ?? undefined;
}
