/**
 * The cart: lines of (sku, quantity) in checkout's database, priced and named from the product
 * read model, checked against the stock read model. Every change is bounded (1..10 per line),
 * refuses sold-out or unknown variants with an {@link AppError} whose `reason` the forms turn into
 * a message, and creates the cart when there is none yet.
 */

import type { Db, Executor } from "@tessera/chassis/db";
import { AppError } from "@tessera/chassis/errors";
import { and, asc, eq, sql } from "drizzle-orm";
import { cartLines, carts, products, stock } from "../db/schema.ts";
import { newCartId } from "./cart-id.ts";

/** Most units of one variant in a cart. */
export const MAX_QUANTITY = 10;

export interface CartLineView {
  sku: string;
  /** The product the variant belongs to (for links), when the catalog told. */
  productId: string | null;
  name: string;
  image: string;
  quantity: number;
  unitPrice: { amount: number; currency: string };
  lineTotal: { amount: number; currency: string };
  /** Units available, when inventory has told; null when not known yet. */
  available: number | null;
  /** The variant is no longer sold (unknown to the catalog read model) or is sold out. */
  unavailable: boolean;
}

export interface CartView {
  /** Null when the shopper has no cart yet. */
  id: string | null;
  lines: CartLineView[];
  /** Number of items (sum of quantities). */
  count: number;
  total: { amount: number; currency: string };
}

const CURRENCY = "EUR";

/** An empty cart view. */
export function emptyCart(id: string | null = null): CartView {
  return { id, lines: [], count: 0, total: { amount: 0, currency: CURRENCY } };
}

/** The error a cart change is refused with; `reason` is a message code the pages know. */
export function cartError(
  code: "validation_failed" | "not_found" | "conflict",
  reason: string,
  detail: string,
  extensions: Record<string, unknown> = {},
): AppError {
  return new AppError(code, detail, { reason, ...extensions });
}

/** Loads a cart with its lines priced; an unknown id is an empty cart. */
export async function loadCart(db: Executor, cartId: string | undefined): Promise<CartView> {
  if (!cartId) return emptyCart();
  const [cart] = await db.select({ id: carts.id }).from(carts).where(eq(carts.id, cartId));
  if (!cart) return emptyCart();
  return loadCartLines(db, cart.id);
}

/** The lines of a cart known to exist (the caller read or wrote its row), priced. */
export async function loadCartLines(db: Executor, cartId: string): Promise<CartView> {
  const rows = await db
    .select({ line: cartLines, product: products, stock })
    .from(cartLines)
    .leftJoin(products, eq(products.sku, cartLines.sku))
    .leftJoin(stock, eq(stock.sku, cartLines.sku))
    .where(eq(cartLines.cartId, cartId))
    .orderBy(asc(cartLines.addedAt), asc(cartLines.sku));
  const lines = rows.map(({ line, product, stock: s }): CartLineView => {
    const price = product?.priceCents ?? 0;
    const currency = product?.currency ?? CURRENCY;
    const available = s?.available ?? null;
    return {
      sku: line.sku,
      productId: product?.productId ?? null,
      name: product?.name ?? line.sku,
      image: product?.image ?? "",
      quantity: line.quantity,
      unitPrice: { amount: price, currency },
      lineTotal: { amount: price * line.quantity, currency },
      available,
      unavailable: !product || available === 0,
    };
  });
  return {
    id: cartId,
    lines,
    count: lines.reduce((n, l) => n + l.quantity, 0),
    total: {
      amount: lines.reduce((n, l) => n + l.lineTotal.amount, 0),
      currency: lines[0]?.unitPrice.currency ?? CURRENCY,
    },
  };
}

/** Checks the variant can be sold in `quantity` units; throws a cart error otherwise. */
async function assertSellable(tx: Executor, sku: string, quantity: number): Promise<void> {
  if (quantity < 1 || quantity > MAX_QUANTITY) {
    throw cartError(
      "validation_failed",
      "quantity",
      `The quantity of ${sku} must be from 1 to ${MAX_QUANTITY}, not ${quantity}`,
      { sku },
    );
  }
  const [product] = await tx
    .select({ sku: products.sku, available: stock.available })
    .from(products)
    .leftJoin(stock, eq(stock.sku, products.sku))
    .where(eq(products.sku, sku));
  if (!product) throw cartError("not_found", "unknown-product", `No product with sku "${sku}"`, { sku });
  const level = product.available === null ? undefined : { available: product.available };
  if (level && level.available === 0) {
    throw cartError("conflict", "sold-out", `${sku} is sold out`, { sku });
  }
  if (level && quantity > level.available) {
    throw cartError(
      "conflict",
      "not-enough-stock",
      `Only ${level.available} of ${sku} are available, not ${quantity}`,
      { sku, available: level.available },
    );
  }
}

/** The cart to change: the given one when it exists, else a new one. */
async function ensureCart(
  tx: Executor,
  cartId: string | undefined,
  ownerId: string | undefined,
): Promise<{ id: string; created: boolean }> {
  if (cartId) {
    const touched = await tx
      .update(carts)
      .set({ updatedAt: new Date() })
      .where(eq(carts.id, cartId))
      .returning({ id: carts.id });
    if (touched.length > 0) return { id: cartId, created: false };
  }
  const id = newCartId();
  // a signed-in shopper is the first to use the cart they start: theirs from the start
  await tx.insert(carts).values({ id, ownerId: ownerId ?? null });
  return { id, created: true };
}

export interface CartChange {
  cart: CartView;
  /** True when this change started the cart (the answer sets the cookie). */
  created: boolean;
}

/** Adds `quantity` units of `sku` (to the line already there, if any); a new cart is `ownerId`'s. */
export async function addToCart(
  db: Db,
  cartId: string | undefined,
  sku: string,
  quantity: number,
  ownerId?: string,
): Promise<CartChange> {
  return db.transaction(async (tx) => {
    const [existing] = cartId
      ? await tx
          .select({ quantity: cartLines.quantity })
          .from(cartLines)
          .where(and(eq(cartLines.cartId, cartId), eq(cartLines.sku, sku)))
      : [];
    const wanted = (existing?.quantity ?? 0) + quantity;
    if (existing && wanted > MAX_QUANTITY) {
      throw cartError(
        "validation_failed",
        "quantity",
        `A cart holds at most ${MAX_QUANTITY} of ${sku}; it has ${existing.quantity} already`,
        { sku },
      );
    }
    await assertSellable(tx, sku, wanted);
    const { id, created } = await ensureCart(tx, cartId, ownerId);
    await tx
      .insert(cartLines)
      .values({ cartId: id, sku, quantity: wanted })
      .onConflictDoUpdate({ target: [cartLines.cartId, cartLines.sku], set: { quantity: wanted } });
    return { cart: await loadCartLines(tx, id), created };
  });
}

/** Sets the quantity of a line that is in the cart. */
export async function updateLine(
  db: Db,
  cartId: string | undefined,
  sku: string,
  quantity: number,
): Promise<CartChange> {
  return db.transaction(async (tx) => {
    await assertSellable(tx, sku, quantity);
    const updated = cartId
      ? await tx
          .update(cartLines)
          .set({ quantity })
          .where(and(eq(cartLines.cartId, cartId), eq(cartLines.sku, sku)))
          .returning({ sku: cartLines.sku })
      : [];
    if (!cartId || updated.length === 0) {
      throw cartError("not_found", "not-in-cart", `${sku} is not in the cart`, { sku });
    }
    await tx.update(carts).set({ updatedAt: sql`now()` }).where(eq(carts.id, cartId));
    return { cart: await loadCartLines(tx, cartId), created: false };
  });
}

/** Removes a line; removing what is not there is not an error (the result is the same). */
export async function removeLine(db: Db, cartId: string | undefined, sku: string): Promise<CartChange> {
  return db.transaction(async (tx) => {
    if (cartId) {
      await tx.delete(cartLines).where(and(eq(cartLines.cartId, cartId), eq(cartLines.sku, sku)));
      await tx.update(carts).set({ updatedAt: sql`now()` }).where(eq(carts.id, cartId));
    }
    return { cart: await loadCart(tx, cartId), created: false };
  });
}

/** Empties a cart (after its order was confirmed), in the caller's transaction. */
export async function emptyCartLines(tx: Executor, cartId: string): Promise<void> {
  await tx.delete(cartLines).where(eq(cartLines.cartId, cartId));
}
