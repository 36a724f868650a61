/**
 * The cart's identity: an opaque random id (24 random bytes: an unguessable capability) the
 * composer keeps in the `tessera_cart` cookie and hands to checkout as the `x-tessera-cart-id`
 * header. Checkout mints it and sets the cookie. Who the shopper is comes only from the internal
 * identity token (`@tessera/chassis/access`), never from a plain header.
 */

export const CART_HEADER = "x-tessera-cart-id";
export const CART_COOKIE = "tessera_cart";
/** 30 days. */
export const CART_COOKIE_MAX_AGE = 60 * 60 * 24 * 30;

const CART_ID = /^[A-Za-z0-9_-]{16,64}$/;

/** The cart id from the header, or undefined when absent or not one checkout could have minted. */
export function readCartId(header: string | undefined): string | undefined {
  return header && CART_ID.test(header) ? header : undefined;
}

/** A new unguessable cart id (24 random bytes, base64url: 32 characters). */
export function newCartId(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString("base64url");
}

/** The `set-cookie` value that starts a cart (`Secure` when the shop is served over TLS). */
export function cartCookie(id: string, secure = false): string {
  return `${CART_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${CART_COOKIE_MAX_AGE}${secure ? "; Secure" : ""}`;
}
