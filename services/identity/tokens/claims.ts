/** The session token's fixed facts, as docs/storefront.md states them. */

export const ISSUER = "tessera-identity";
export const AUDIENCE = "tessera-storefront";
export const ALGORITHM = "ES256";

/** The claims of a session token (besides `iss` and `aud`). */
export interface SessionClaims {
  /** The user id. */
  sub: string;
  name: string;
  email: string;
  /** A unique id per token. */
  jti: string;
  /** Issued at, in seconds since the epoch. */
  iat: number;
  /** Expires at, in seconds since the epoch. */
  exp: number;
  /** When the shopper signed in (renewals keep it), in seconds since the epoch. */
  auth_time: number;
  /** The user's roles (`operator`); absent in tokens issued before roles existed. */
  roles?: string[];
}
