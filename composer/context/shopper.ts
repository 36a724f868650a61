/**
 * The shopper context (docs/storefront.md): the `tessera_cart` cookie becomes
 * `x-tessera-cart-id`; the `tessera_session` cookie, a JWT identity signed (ES256, verified
 * against identity's JWKS found through discovery), becomes `x-tessera-user`. A missing,
 * malformed, expired or wrongly signed token means an anonymous shopper. The raw cookies are
 * never forwarded.
 */
import { createRemoteJWKSet, type JWTVerifyGetKey, jwtVerify } from "jose";
import type { Logger } from "pino";

/** The cookies the composer reads and may pass back from forms. */
export const SHOPPER_COOKIES = ["tessera_cart", "tessera_session"] as const;

/** The session token's issuer and audience. */
export const SESSION_ISSUER = "tessera-identity";
export const SESSION_AUDIENCE = "tessera-storefront";

const CART_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** Reads one cookie's value from a `cookie` header. */
export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export interface ShopperContextOptions {
  /** The base URL of an identity instance (from discovery), or undefined when none is registered. */
  identityUrl: () => string | undefined;
  log: Logger;
}

/** Turns a request's cookies into the shopper headers. */
export type ShopperContext = (request: Request) => Promise<Record<string, string>>;

export function createShopperContext(options: ShopperContextOptions): ShopperContext {
  const keySets = new Map<string, JWTVerifyGetKey>();
  const keysFor = (base: string) => {
    let keys = keySets.get(base);
    if (!keys) {
      keys = createRemoteJWKSet(new URL("/.well-known/jwks.json", base), { timeoutDuration: 2000 });
      keySets.set(base, keys);
    }
    return keys;
  };
  return async (request) => {
    const cookies = request.headers.get("cookie");
    const out: Record<string, string> = {};
    const cart = readCookie(cookies, "tessera_cart");
    if (cart && CART_ID.test(cart)) out["x-tessera-cart-id"] = cart;
    const token = readCookie(cookies, "tessera_session");
    const identity = token ? options.identityUrl() : undefined;
    if (token && identity) {
      try {
        const { payload } = await jwtVerify(token, keysFor(identity), {
          issuer: SESSION_ISSUER,
          audience: SESSION_AUDIENCE,
          algorithms: ["ES256"],
        });
        if (typeof payload.sub === "string" && payload.sub) out["x-tessera-user"] = payload.sub;
      } catch (error) {
        options.log.info({ reason: (error as Error).message }, "session token refused: anonymous shopper");
      }
    }
    return out;
  };
}
