/**
 * The account forms: `POST /account/register`, `/account/login`, `/account/logout`. Success sets
 * (or clears) the `tessera_session` cookie. Login failures never say whether the email exists.
 */
import type { Db } from "@tessera/chassis/db";
import { AppError } from "@tessera/chassis/errors";
import { MESSAGES } from "@tessera/identity-fragments/messages";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import { recordAudit } from "../audit/log.ts";
import { clearedSessionCookie, sessionCookie } from "../tokens/cookie.ts";
import { issueSessionToken } from "../tokens/issue.ts";
import type { KeyStore } from "../tokens/keys.ts";
import { hashPassword, verifyAgainstNothing, verifyPassword } from "../users/passwords.ts";
import { findUserByEmail, findUserById, insertUser, type PublicUser, toPublicUser } from "../users/store.ts";
import { Login, Registration } from "../users/validation.ts";
import { fail, readBody, safeReturnTo, text, validationFailure, wantsJson } from "./forms.ts";

export interface AccountDeps {
  db: Db;
  keys: KeyStore;
  sessionTtlSeconds: number;
  secureCookie: boolean;
  now: () => Date;
}

/** Signing out takes only where to go next; an unusable `returnTo` is ignored. */
export const LogoutForm = z.object({
  returnTo: z.string().optional().catch(undefined).describe("A same-site path to go to afterwards"),
});

/** Forms are small: anything bigger is refused before it is read. */
export const MAX_FORM_BYTES = 16 * 1024;

export function accountRoutes(deps: AccountDeps): Hono {
  const cookie = { secure: deps.secureCookie };

  /** Issues the session and answers: 303 onwards for a form, JSON for a component. */
  async function signedIn(c: Context, user: PublicUser, status: 200 | 201, returnTo: string | undefined) {
    const session = await issueSessionToken(deps.keys, user, {
      ttlSeconds: deps.sessionTtlSeconds,
      now: deps.now(),
    });
    c.header("set-cookie", sessionCookie(session.token, deps.sessionTtlSeconds, cookie));
    c.header("cache-control", "no-store");
    if (wantsJson(c)) return c.json({ user, expiresAt: session.expiresAt.toISOString() }, status);
    return c.redirect(returnTo ?? "/account", 303);
  }

  return new Hono()
    .use(
      bodyLimit({
        maxSize: MAX_FORM_BYTES,
        onError: () => {
          throw new AppError("payload_too_large", `A form body may be at most ${MAX_FORM_BYTES} bytes`);
        },
      }),
    )
    .post("/register", async (c) => {
      const body = await readBody(c);
      const returnTo = safeReturnTo(body.returnTo);
      const keep = { name: text(body.name), email: text(body.email), returnTo };
      const parsed = Registration.safeParse(body);
      if (!parsed.success) return fail(c, "/account/register", validationFailure(parsed.error), keep);
      const { name, email, password } = parsed.data;
      const passwordHash = await hashPassword(password);
      const user = await deps.db.transaction(async (tx) => {
        const created = await insertUser(tx, { name, email, passwordHash });
        if (created) await recordAudit(tx, { action: "register", userId: created.id, email: created.email });
        return created;
      });
      if (!user) {
        return fail(
          c,
          "/account/register",
          { code: "conflict", message: MESSAGES.emailTaken, field: "email" },
          keep,
        );
      }
      return signedIn(c, toPublicUser(user), 201, returnTo);
    })
    .post("/login", async (c) => {
      const body = await readBody(c);
      const returnTo = safeReturnTo(body.returnTo);
      const keep = { email: text(body.email), returnTo };
      const parsed = Login.safeParse(body);
      if (!parsed.success) return fail(c, "/account/login", validationFailure(parsed.error), keep);
      const { email, password } = parsed.data;
      const user = await findUserByEmail(deps.db, email);
      const ok = user
        ? await verifyPassword(password, user.passwordHash)
        : await verifyAgainstNothing(password);
      if (!user || !ok) {
        await recordAudit(deps.db, { action: "login-failed", userId: user?.id, email });
        return fail(c, "/account/login", { code: "unauthorized", message: MESSAGES.loginFailed }, keep);
      }
      await recordAudit(deps.db, { action: "login", userId: user.id, email: user.email });
      return signedIn(c, toPublicUser(user), 200, returnTo);
    })
    .post("/logout", async (c) => {
      const { returnTo } = LogoutForm.parse(await readBody(c).catch(() => ({})));
      const userId = c.req.header("x-tessera-user");
      const user = userId ? await findUserById(deps.db, userId) : undefined;
      if (user) await recordAudit(deps.db, { action: "logout", userId: user.id, email: user.email });
      c.header("set-cookie", clearedSessionCookie(cookie));
      c.header("cache-control", "no-store");
      if (wantsJson(c)) return c.json({ signedOut: true });
      return c.redirect(safeReturnTo(returnTo) ?? "/", 303);
    });
}
