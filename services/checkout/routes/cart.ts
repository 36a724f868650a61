/**
 * The cart's form endpoints (`POST /checkout/cart/add`, `/update`, `/remove`) and its JSON API
 * (`GET /api/cart`). The cart is the one `x-tessera-cart-id` names, unless it is bound to another
 * user (cart/cart-owner.ts); an answer that starts a cart sets the `tessera_cart` cookie.
 */

import { identityOf } from "@tessera/chassis/access";
import type { Db } from "@tessera/chassis/db";
import { AppError } from "@tessera/chassis/errors";
import { parseInput } from "@tessera/chassis/service";
import { Sku } from "@tessera/contracts/events";
import { type Context, Hono } from "hono";
import { z } from "zod";
import { addToCart } from "../cart/add-to-cart.ts";
import {
  type CartChange,
  type CartView,
  loadCart,
  MAX_QUANTITY,
  removeLine,
  updateLine,
} from "../cart/cart.ts";
import { cartCookie } from "../cart/cart-id.ts";
import { type KnownOwners, usableCartId } from "../cart/cart-owner.ts";
import { readFields, reasonOf, safeReturnTo, seeOther, wantsJson, withError } from "./forms.ts";

const SkuField = z.string({ error: "expected a SKU" }).trim().toUpperCase().pipe(Sku);
const Quantity = z.coerce
  .number({ error: `expected a quantity from 1 to ${MAX_QUANTITY}` })
  .int({ error: `expected a whole quantity from 1 to ${MAX_QUANTITY}` })
  .min(1, { error: `expected a quantity from 1 to ${MAX_QUANTITY}` })
  .max(MAX_QUANTITY, { error: `expected a quantity from 1 to ${MAX_QUANTITY}` });

export const AddInput = z.object({ sku: SkuField, quantity: Quantity.default(1) });
export const UpdateInput = z.object({ sku: SkuField, quantity: Quantity });
export const RemoveInput = z.object({ sku: SkuField });

/** The cart as the JSON API and the components see it (the cart id stays in the cookie). */
export function cartSummary(cart: CartView) {
  return { count: cart.count, total: cart.total, lines: cart.lines };
}

/**
 * The cart the caller may use: the one the composer passed, if checkout could have minted it and
 * it is not bound to another user ({@link cartAccess} decided).
 */
export function cartIdOf(c: Context): string | undefined {
  return usableCartId(c);
}

/** A cart change; `userId`, the signed-in shopper, owns a cart the change creates. */
type Change<T> = (db: Db, cartId: string | undefined, input: T, userId?: string) => Promise<CartChange>;

/**
 * One form endpoint: parse, change the cart, answer as a page (303) or as JSON. A cart the change
 * starts for a signed-in shopper is theirs: `owners` remembers it.
 */
function cartForm<T>(
  db: Db,
  owners: KnownOwners,
  schema: z.ZodType<T>,
  change: Change<T>,
  sku?: (input: T) => string,
) {
  return async (c: Context): Promise<Response> => {
    const json = wantsJson(c);
    const fields = await readFields(c);
    const returnTo = safeReturnTo(fields.returnTo);
    try {
      const input = parseInput(schema, fields, "body");
      const userId = identityOf(c)?.sub;
      const { cart, created } = await change(db, cartIdOf(c), input, userId);
      if (created && cart.id && userId) owners.remember(cart.id, userId);
      const headers: Record<string, string> = created && cart.id ? { "set-cookie": cartCookie(cart.id) } : {};
      if (json) {
        return c.json({ ...cartSummary(cart), ...(sku ? { sku: sku(input) } : {}) }, 200, headers);
      }
      return seeOther(returnTo ?? "/checkout/cart", headers);
    } catch (error) {
      if (json || !(error instanceof AppError) || error.status >= 500) throw error;
      return seeOther(withError(returnTo ?? "/checkout/cart", reasonOf(error)));
    }
  };
}

/** `POST /cart/add`, `/cart/update`, `/cart/remove` (mounted at `/checkout`). */
export function cartFormRoutes(db: Db, owners: KnownOwners): Hono {
  return new Hono()
    .post(
      "/cart/add",
      cartForm(
        db,
        owners,
        AddInput,
        (db, id, i, userId) => addToCart(db, id, i.sku, i.quantity, userId),
        (i) => i.sku,
      ),
    )
    .post(
      "/cart/update",
      cartForm(
        db,
        owners,
        UpdateInput,
        (db, id, i) => updateLine(db, id, i.sku, i.quantity),
        (i) => i.sku,
      ),
    )
    .post(
      "/cart/remove",
      cartForm(
        db,
        owners,
        RemoveInput,
        (db, id, i) => removeLine(db, id, i.sku),
        (i) => i.sku,
      ),
    );
}

/** `GET /api/cart`: the shopper's cart (empty when there is none). */
export function cartApiRoutes(db: Db): Hono {
  return new Hono().get("/", async (c) => c.json(cartSummary(await loadCart(db, cartIdOf(c)))));
}
