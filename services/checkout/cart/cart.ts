/**
 * The cart: lines of (sku, quantity) in checkout's database, priced and named from the product
 * read model, checked against the stock read model. Every change is bounded (1..10 per line),
 * refuses sold-out or unknown variants with an {@link AppError} whose `reason` the forms turn into
 * a message, and creates the cart when there is none yet.
 */

import { type Db, type Executor, plainQuery } from "@tessera/chassis/db";
import { AppError } from "@tessera/chassis/errors";
import { and, eq, sql } from "drizzle-orm";
import { cartLines, carts, products, stock } from "../db/schema.ts";

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
  const [cart] = await plainQuery<{ id: string }>(db, "select id from carts where id = $1", [cartId]);
  if (!cart) return emptyCart();
  return loadCartLines(db, cart.id);
}

/**
 * A cart line as statements read it (with `LINE_COLUMNS`): the line joined with its product
 * (`known` false when the catalog does not know the sku) and its stock level.
 */
export interface LineRow {
  sku: string;
  quantity: number;
  productId: string | null;
  name: string | null;
  image: string | null;
  priceCents: number | null;
  currency: string | null;
  available: number | null;
  known: boolean;
}

/** The columns of a {@link LineRow}, from `cart_lines l left join products p left join stock s`. */
export const LINE_COLUMNS = `l.sku, l.quantity, p.product_id as "productId", p.name, p.image, p.price_cents as "priceCents",
   p.currency, s.available, p.sku is not null as known`;

/** The lines of cart `$1`, priced, in the order they were added. */
const CART_LINES = `select ${LINE_COLUMNS}
  from cart_lines l left join products p on p.sku = l.sku left join stock s on s.sku = l.sku
  where l.cart_id = $1
  order by l.added_at, l.sku`;

/** The lines of a cart known to exist (the caller read or wrote its row), priced. */
export async function loadCartLines(db: Executor, cartId: string): Promise<CartView> {
  const lines = await plainQuery<LineRow>(db, CART_LINES, [cartId]);
  return cartView(cartId, lines);
}

/** A cart's view from its lines as read (in the order they were added). */
export function cartView(cartId: string, read: readonly LineRow[]): CartView {
  const lines = read.map((line): CartLineView => {
    const price = line.priceCents ?? 0;
    const currency = line.currency ?? CURRENCY;
    return {
      sku: line.sku,
      productId: line.productId,
      name: line.name ?? line.sku,
      image: line.image ?? "",
      quantity: line.quantity,
      unitPrice: { amount: price, currency },
      lineTotal: { amount: price * line.quantity, currency },
      available: line.available,
      unavailable: !line.known || line.available === 0,
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

/** What is known of a variant when a quantity of it is asked for. */
export interface Sellable {
  /** The catalog knows the sku (the product read model has it). */
  known: boolean;
  /** Units available; null when inventory has not told yet. */
  available: number | null;
}

/** Throws the cart error that refuses `quantity` units of `sku`, if one does; else returns. */
export function refuseUnsellable(sku: string, quantity: number, variant: Sellable): void {
  if (quantity < 1 || quantity > MAX_QUANTITY) {
    throw cartError(
      "validation_failed",
      "quantity",
      `The quantity of ${sku} must be from 1 to ${MAX_QUANTITY}, not ${quantity}`,
      { sku },
    );
  }
  if (!variant.known)
    throw cartError("not_found", "unknown-product", `No product with sku "${sku}"`, { sku });
  const { available } = variant;
  if (available === 0) {
    throw cartError("conflict", "sold-out", `${sku} is sold out`, { sku });
  }
  if (available !== null && quantity > available) {
    throw cartError(
      "conflict",
      "not-enough-stock",
      `Only ${available} of ${sku} are available, not ${quantity}`,
      { sku, available },
    );
  }
}

/** Checks the variant can be sold in `quantity` units; throws a cart error otherwise. */
async function assertSellable(tx: Executor, sku: string, quantity: number): Promise<void> {
  const [product] = await tx
    .select({ sku: products.sku, available: stock.available })
    .from(products)
    .leftJoin(stock, eq(stock.sku, products.sku))
    .where(eq(products.sku, sku));
  refuseUnsellable(sku, quantity, { known: !!product, available: product?.available ?? null });
}

export interface CartChange {
  cart: CartView;
  /** True when this change started the cart (the answer sets the cookie). */
  created: boolean;
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
