/**
 * Minting internal identity tokens: ES256, `iss: tessera-composer`, `aud: <the one service it is
 * for>`, `sub`, `roles`, `jti`, 60 seconds. A token for one service is refused by every other.
 *
 * @example
 * const mint = createTokenMinter(keys);
 * headers.set(IDENTITY_HEADER, await mint({ sub: user, roles: [] }, "checkout"));
 */
import { SignJWT } from "jose";
import { INTERNAL_ALGORITHM, INTERNAL_ISSUER, INTERNAL_TOKEN_TTL_SECONDS } from "./claims.ts";
import type { SigningKeys } from "./keys.ts";

/** Who the token speaks for. */
export interface Subject {
  sub: string;
  roles: string[];
}

export type TokenMinter = (subject: Subject, audience: string, options?: { azp?: string }) => Promise<string>;

export function createTokenMinter(
  keys: SigningKeys,
  options: { ttlSeconds?: number; now?: () => Date } = {},
): TokenMinter {
  const ttl = options.ttlSeconds ?? INTERNAL_TOKEN_TTL_SECONDS;
  return (subject, audience, extra = {}) => {
    const { kid, privateKey } = keys.current();
    const iat = Math.floor((options.now?.() ?? new Date()).getTime() / 1000);
    return new SignJWT({ roles: subject.roles, ...(extra.azp ? { azp: extra.azp } : {}) })
      .setProtectedHeader({ alg: INTERNAL_ALGORITHM, kid, typ: "JWT" })
      .setIssuer(INTERNAL_ISSUER)
      .setAudience(audience)
      .setSubject(subject.sub)
      .setIssuedAt(iat)
      .setExpirationTime(iat + ttl)
      .setJti(crypto.randomUUID())
      .sign(privateKey);
  };
}
