/**
 * Verifying an internal identity token for one audience: the signature against the composer's
 * JWKS (inline from `ACCESS_JWKS`, or fetched from `ACCESS_JWKS_URL` and refetched when a token
 * names a key it does not know, which is how a rotation reaches the services), ES256 only, the
 * issuer, the audience, the expiry and the claims a principal needs.
 */

import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
  jwtVerify,
} from "jose";
import { AppError } from "../errors/index.ts";
import { INTERNAL_ALGORITHM, INTERNAL_ISSUER, type Principal } from "./claims.ts";

export type TokenVerifier = (token: string) => Promise<Principal>;

export interface VerifierOptions {
  /** The service's own name: the only audience it accepts. */
  audience: string;
  /** The JWKS itself, or its URL. Without either, every token is refused. */
  keys?: JSONWebKeySet | URL;
  /** Tolerated clock difference in seconds (default 5). */
  clockToleranceSeconds?: number;
  /**
   * Verified tokens remembered (by the token string, until their `exp`), so a token presented
   * again — a shopper's cart/add then place-order — is not verified twice (1,000; 0: none).
   */
  cacheSize?: number;
}

const refused = (why: string) => new AppError("unauthorized", `The identity token was refused: ${why}`);

export function createTokenVerifier(options: VerifierOptions): TokenVerifier {
  const getKey: JWTVerifyGetKey | undefined =
    options.keys instanceof URL
      ? createRemoteJWKSet(options.keys, {
          cacheMaxAge: 60_000,
          cooldownDuration: 5_000,
          timeoutDuration: 2_000,
        })
      : options.keys
        ? createLocalJWKSet(options.keys)
        : undefined;
  const cacheSize = options.cacheSize ?? 1000;
  // a signature checked once holds until the token expires: remember the principal until then
  const verified = new Map<string, { principal: Principal; expiresAt: number }>();
  const remember = (token: string, principal: Principal, exp: number | undefined) => {
    if (cacheSize <= 0 || exp === undefined) return;
    // full: forget from the oldest end (a Map keeps insertion order), the expired ones met first
    // and then whatever makes room — never a scan of the whole map for each new token
    const now = Date.now();
    for (const [key, entry] of verified) {
      if (verified.size < cacheSize && entry.expiresAt > now) break;
      verified.delete(key);
    }
    verified.set(token, { principal, expiresAt: exp * 1000 });
  };
  return async (token) => {
    if (!getKey)
      throw refused("this service has no keys to verify it with (set ACCESS_JWKS or ACCESS_JWKS_URL)");
    const known = verified.get(token);
    if (known) {
      if (Date.now() < known.expiresAt) return { ...known.principal, roles: [...known.principal.roles] };
      verified.delete(token);
    }
    try {
      const { payload } = await jwtVerify(token, getKey, {
        issuer: INTERNAL_ISSUER,
        audience: options.audience,
        algorithms: [INTERNAL_ALGORITHM],
        requiredClaims: ["sub", "exp", "iat", "jti"],
        clockTolerance: options.clockToleranceSeconds ?? 5,
      });
      const roles = Array.isArray(payload.roles) ? payload.roles.filter((r) => typeof r === "string") : [];
      if (typeof payload.sub !== "string" || !payload.sub) throw refused("it names no subject");
      const principal = { sub: payload.sub, roles, aud: options.audience, jti: String(payload.jti) };
      remember(token, { ...principal, roles: [...roles] }, payload.exp);
      return principal;
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw refused((error as Error).message);
    }
  };
}

/** The audience a token claims, without verifying it (to pick a delegated token to pass on). */
export function audienceOf(token: string): string[] {
  try {
    const { aud } = decodeJwt(token);
    return typeof aud === "string" ? [aud] : Array.isArray(aud) ? aud : [];
  } catch {
    return [];
  }
}
