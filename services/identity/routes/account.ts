/**
 * The account forms: `POST /account/register`, `/account/login`, `/account/logout` (success sets
 * or clears the `tessera_session` cookie) and `/account/address` (the signed-in user's own
 * delivery address, saved with its audit entry). Login failures never say whether the email exists.
 */
import type { Db } from "@tessera/chassis/db";
import { AppError } from "@tessera/chassis/errors";
import { MESSAGES } from "@tessera/identity-fragments/messages";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import { saveAddress } from "../addresses/store.ts";
import { recordAudit } from "../audit/log.ts";
import { clearedSessionCookie, sessionCookie } from "../tokens/cookie.ts";
import { issueSessionToken } from "../tokens/issue.ts";
import type { KeyStore } from "../tokens/keys.ts";
import { hashPassword, verifyAgainstNothing, verifyPassword } from "../users/passwords.ts";
import { findUserByEmail, findUserById, insertUser, type PublicUser, toPublicUser } from "../users/store.ts";
import { AddressForm, Login, Registration } from "../users/validation.ts";
import { fail, readBody, safeReturnTo, text, validationFailure, wantsJson } from "./forms.ts";
import type { LoginLimits } from "./login-limits.ts";
import { shopperId } from "./shopper.ts";

export interface AccountDeps {
  db: Db;
  keys: KeyStore;
  sessionTtlSeconds: number;
  secureCookie: boolean;
  now: () => Date;
  /** Login attempts per account and per client address. */
  limits: LoginLimits;
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
  async function signedIn(
    c: Context,
    user: PublicUser,
    status: 200 | 201,
    returnTo: string | undefined,
    roles: string[] = [],
  ) {
    const session = await issueSessionToken(deps.keys, user, {
      ttlSeconds: deps.sessionTtlSeconds,
      now: deps.now(),
      roles,
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
      const throttled = deps.limits.check(c, email);
      if (throttled) {
        await recordAudit(deps.db, { action: "login-throttled", email });
        throw throttled;
      }
      const user = await findUserByEmail(deps.db, email);
      const ok = user
        ? await verifyPassword(password, user.passwordHash)
        : await verifyAgainstNothing(password);
      if (!user || !ok) {
        await recordAudit(deps.db, { action: "login-failed", userId: user?.id, email });
        return fail(c, "/account/login", { code: "unauthorized", message: MESSAGES.loginFailed }, keep);
      }
      deps.limits.succeeded(email);
      await recordAudit(deps.db, { action: "login", userId: user.id, email: user.email });
      return signedIn(c, toPublicUser(user), 200, returnTo, user.roles);
    })
    .post("/logout", async (c) => {
      const { returnTo } = LogoutForm.parse(await readBody(c).catch(() => ({})));
      const userId = shopperId(c);
      const user = userId ? await findUserById(deps.db, userId) : undefined;
      if (user) await recordAudit(deps.db, { action: "logout", userId: user.id, email: user.email });
      c.header("set-cookie", clearedSessionCookie(cookie));
      c.header("cache-control", "no-store");
      if (wantsJson(c)) return c.json({ signedOut: true });
      return c.redirect(safeReturnTo(returnTo) ?? "/", 303);
    })
    .post("/address", async (c) => {
      const userId = shopperId(c);
      const signIn = () => {
        if (wantsJson(c)) throw new AppError("unauthorized", "Sign in first: this needs a signed-in user");
        return c.redirect("/account/login?returnTo=/account", 303);
      };
      if (!userId) return signIn();
      const body = await readBody(c);
      const parsed = AddressForm.safeParse(body);
      if (!parsed.success) {
        // what was typed goes back in the query; the name as `recipient` (a page slot's `name` names the fragment)
        const keep = {
          recipient: text(body.name),
          street: text(body.street),
          postcode: text(body.postcode),
          city: text(body.city),
          country: text(body.country),
        };
        return fail(c, "/account", validationFailure(parsed.error), keep);
      }
      const user = await findUserById(deps.db, userId);
      if (!user) return signIn();
      const address = await saveAddress(deps.db, user, parsed.data);
      c.header("cache-control", "no-store");
      if (wantsJson(c)) return c.json({ address });
      return c.redirect("/account", 303);
    });
}
