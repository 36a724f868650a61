/**
 * The shopper context (docs/storefront.md): the `tessera_cart` cookie becomes
 * `x-tessera-cart-id`; the `tessera_session` cookie, a JWT signed by identity (ES256 only — no
 * `alg: none`, no HMAC — verified against identity's JWKS found through discovery, with its
 * issuer, audience, expiry and subject checked), becomes the verified principal (user id and
 * roles). The principal travels inside the composer as the `x-tessera-principal` mark, which
 * the upstream swaps for an internal token per service (internal-identity.ts). A missing,
 * malformed, expired or wrongly signed token means an anonymous shopper. The raw cookies are
 * never forwarded.
 */
import type { Subject } from "@tessera/chassis/access";
import { createRemoteJWKSet, type JWTVerifyGetKey, jwtVerify } from "jose";
import type { Logger } from "pino";
import { PRINCIPAL_HEADER, principalMark } from "./internal-identity.ts";

/** The cookies the composer reads and may pass back from forms. */
export const SHOPPER_COOKIES = ["tessera_cart", "tessera_session"] as const;

/** The session token's issuer and audience. */
export const SESSION_ISSUER = "tessera-identity";
export const SESSION_AUDIENCE = "tessera-storefront";

const CART_ID = /^[A-Za-z0-9_-]{1,128}$/;
/** A JWT's shape, bounded: anything else is not even tried. */
const JWT = /^[A-Za-z0-9_-]{1,4096}\.[A-Za-z0-9_-]{1,8192}\.[A-Za-z0-9_-]{0,1024}$/;

/** Reads one cookie's value from a `cookie` header. */
export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export interface ShopperContextOptions {
  /** The base URL of an identity instance (from discovery), or undefined when none is registered. */
  identityUrl: () => string | undefined;
  log: Logger;
}

/**
 * Turns a request's cookies into the shopper headers (the cart id and the principal mark);
 * `principal(request)` answers the verified shopper alone (verified once per request).
 */
export type ShopperContext = ((request: Request) => Promise<Record<string, string>>) & {
  principal(request: Request): Promise<Subject | undefined>;
};

export function createShopperContext(options: ShopperContextOptions): ShopperContext {
  const keySets = new Map<string, JWTVerifyGetKey>();
  const verified = new WeakMap<Request, Promise<Subject | undefined>>();
  const keysFor = (base: string) => {
    let keys = keySets.get(base);
    if (!keys) {
      keys = createRemoteJWKSet(new URL("/.well-known/jwks.json", base), { timeoutDuration: 2000 });
      keySets.set(base, keys);
    }
    return keys;
  };
  async function verify(request: Request): Promise<Subject | undefined> {
    const token = readCookie(request.headers.get("cookie"), "tessera_session");
    if (!token || !JWT.test(token)) return undefined;
    const identity = options.identityUrl();
    if (!identity) return undefined;
    try {
      const { payload } = await jwtVerify(token, keysFor(identity), {
        issuer: SESSION_ISSUER,
        audience: SESSION_AUDIENCE,
        algorithms: ["ES256"],
        requiredClaims: ["sub", "exp"],
        clockTolerance: 5,
      });
      if (typeof payload.sub !== "string" || !payload.sub) return undefined;
      const roles = Array.isArray(payload.roles) ? payload.roles.filter((r) => typeof r === "string") : [];
      return { sub: payload.sub, roles };
    } catch (error) {
      options.log.info({ reason: (error as Error).message }, "session token refused: anonymous shopper");
      return undefined;
    }
  }
  const principal = (request: Request) => {
    let found = verified.get(request);
    if (!found) {
      found = verify(request);
      verified.set(request, found);
    }
    return found;
  };
  const context = async (request: Request) => {
    const out: Record<string, string> = {};
    const cart = readCookie(request.headers.get("cookie"), "tessera_cart");
    if (cart && CART_ID.test(cart)) out["x-tessera-cart-id"] = cart;
    const subject = await principal(request);
    if (subject) out[PRINCIPAL_HEADER] = principalMark(subject);
    return out;
  };
  return Object.assign(context, { principal });
}
