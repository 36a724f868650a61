/**
 * The internal identity token's fixed facts: who issues it, the headers that carry it, the
 * operator role, and the principal a service reads from it.
 */

/** The issuer of internal identity tokens: the composer, after it verified the shopper's session. */
export const INTERNAL_ISSUER = "tessera-composer";
/** The one algorithm accepted: no `none`, no HMAC confusion. */
export const INTERNAL_ALGORITHM = "ES256";
/** The header carrying the token meant for the service that receives it. */
export const IDENTITY_HEADER = "x-tessera-identity";
/**
 * The header carrying tokens the receiving service may pass on, each for one downstream audience
 * (identity's account page calls checkout's order API on the shopper's behalf). Space-separated.
 */
export const DELEGATION_HEADER = "x-tessera-delegation";
/** The role that opens `/ops/*`. */
export const OPERATOR_ROLE = "operator";
/** How long an internal token lives: one request's worth, with room for a slow form post. */
export const INTERNAL_TOKEN_TTL_SECONDS = 60;

/** Who a request is on behalf of, as a service sees it. */
export interface Principal {
  /** The user id. */
  sub: string;
  roles: string[];
  /** The audience the token was minted for (the receiving service). */
  aud: string;
  /** The token's id (for logs). */
  jti: string;
}

/** True when the principal holds the operator role. */
export const isOperator = (principal: Principal | undefined): boolean =>
  Boolean(principal?.roles.includes(OPERATOR_ROLE));
