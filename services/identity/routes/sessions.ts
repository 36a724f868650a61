/**
 * `POST /api/sessions/renew`: a fresh session token for a valid one (sent as
 * `authorization: Bearer <token>`), so a session lasts while it is used. The composer calls it
 * when the shopper's token is close to expiry and passes the new cookie on. A token that does
 * not verify, whose user no longer exists, or whose sign-in (`auth_time`) is older than the
 * session's maximum lifetime, is a 401.
 */
import type { Db } from "@tessera/chassis/db";
import { AppError } from "@tessera/chassis/errors";
import { Hono } from "hono";
import { z } from "zod";
import { sessionCookie } from "../tokens/cookie.ts";
import { issueSessionToken } from "../tokens/issue.ts";
import type { KeyStore } from "../tokens/keys.ts";
import { createSessionVerifier } from "../tokens/verifier.ts";
import { findUserById, toPublicUser } from "../users/store.ts";

export interface SessionDeps {
  db: Db;
  keys: KeyStore;
  sessionTtlSeconds: number;
  /** A session started longer ago than this is not renewed: the shopper signs in again. */
  sessionMaxLifetimeSeconds: number;
  secureCookie: boolean;
  now: () => Date;
}

/** The renewal's one input: the session token as a bearer token. */
export const RenewHeaders = z.object({
  authorization: z
    .string()
    .regex(/^Bearer [A-Za-z0-9._-]+$/)
    .describe("Bearer <the session token>"),
});

export function sessionRoutes(deps: SessionDeps): Hono {
  return new Hono().post("/renew", async (c) => {
    const headers = RenewHeaders.safeParse({ authorization: c.req.header("authorization") });
    if (!headers.success)
      throw new AppError("unauthorized", "Send the session token as authorization: Bearer <token>");
    const verify = createSessionVerifier(await deps.keys.jwks(), { now: deps.now });
    const claims = await verify(headers.data.authorization.slice("Bearer ".length));
    const authTime = typeof claims.auth_time === "number" ? claims.auth_time : claims.iat;
    if (deps.now().getTime() / 1000 - authTime > deps.sessionMaxLifetimeSeconds) {
      throw new AppError("unauthorized", "The session is too old to renew; sign in again");
    }
    const user = await findUserById(deps.db, claims.sub);
    if (!user) throw new AppError("unauthorized", "The session's user no longer exists");
    const session = await issueSessionToken(deps.keys, toPublicUser(user), {
      ttlSeconds: deps.sessionTtlSeconds,
      now: deps.now(),
      authTime,
      roles: user.roles,
    });
    c.header(
      "set-cookie",
      sessionCookie(session.token, deps.sessionTtlSeconds, { secure: deps.secureCookie }),
    );
    c.header("cache-control", "no-store");
    return c.json({ user: toPublicUser(user), expiresAt: session.expiresAt.toISOString() });
  });
}
