/**
 * Verifying a session token against identity's JWKS: the signature (ES256 only, so `alg: none`
 * and HMAC tricks are refused), the issuer, the audience, the expiry, and the claims a session
 * needs. What the composer does with the shopper's cookie, in a few lines.
 *
 * @example
 * const verify = createSessionVerifier(new URL("http://127.0.0.1:3006/.well-known/jwks.json"));
 * const { sub, name } = await verify(token); // throws an AppError("unauthorized") when refused
 */
import { AppError } from "@tessera/chassis/errors";
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
  jwtVerify,
} from "jose";
import { ALGORITHM, AUDIENCE, ISSUER, type SessionClaims } from "./claims.ts";

export interface VerifierOptions {
  /** The clock (tests move it). */
  now?: () => Date;
  /** Tolerated clock difference, in seconds (default 0). */
  clockToleranceSeconds?: number;
}

/**
 * A function that verifies a session token. `keys` is the JWKS itself, its URL (fetched and
 * cached; refetched when a token names a key it does not know), or a key-lookup function.
 */
export function createSessionVerifier(
  keys: JSONWebKeySet | URL | JWTVerifyGetKey,
  options: VerifierOptions = {},
): (token: string) => Promise<SessionClaims> {
  const getKey =
    keys instanceof URL
      ? createRemoteJWKSet(keys, { cacheMaxAge: 60_000, cooldownDuration: 5_000 })
      : typeof keys === "function"
        ? keys
        : createLocalJWKSet(keys);
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, getKey, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: [ALGORITHM],
        requiredClaims: ["sub", "iat", "exp", "jti"],
        currentDate: options.now?.(),
        clockTolerance: options.clockToleranceSeconds ?? 0,
      });
      if (typeof payload.name !== "string" || typeof payload.email !== "string") {
        throw new AppError("unauthorized", "The session token lacks the name or email claim");
      }
      return payload as unknown as SessionClaims;
    } catch (error) {
      if (error instanceof AppError) throw error;
      const code = (error as { code?: string }).code ?? "ERR_INVALID";
      throw new AppError("unauthorized", `The session token was refused: ${(error as Error).message}`, {
        reason: code,
      });
    }
  };
}
