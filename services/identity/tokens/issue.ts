/**
 * Issuing a session token: ES256, signed with the current key, 15 minutes by default. Claims:
 * iss, aud, sub (the user id), name, email, iat, exp, jti, and auth_time (when the shopper signed
 * in; a renewed token keeps it, so a session cannot be renewed for ever) and roles (the user's
 * roles besides shopping, e.g. `operator`; the composer passes them to services in its internal token).
 */
import { SignJWT } from "jose";
import type { PublicUser } from "../users/store.ts";
import { ALGORITHM, AUDIENCE, ISSUER } from "./claims.ts";
import type { KeyStore } from "./keys.ts";

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

export async function issueSessionToken(
  keys: KeyStore,
  user: PublicUser,
  options: { ttlSeconds: number; now: Date; authTime?: number; roles?: string[] },
): Promise<IssuedToken> {
  const { kid, privateKey } = await keys.signingKey();
  const iat = Math.floor(options.now.getTime() / 1000);
  const exp = iat + options.ttlSeconds;
  const token = await new SignJWT({
    name: user.name,
    email: user.email,
    auth_time: options.authTime ?? iat,
    roles: options.roles ?? [],
  })
    .setProtectedHeader({ alg: ALGORITHM, kid, typ: "JWT" })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(user.id)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .setJti(crypto.randomUUID())
    .sign(privateKey);
  return { token, expiresAt: new Date(exp * 1000) };
}
