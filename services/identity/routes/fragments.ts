/**
 * Identity's fragments (plain server HTML) and their manifest. The pages depend on the shopper
 * (the `x-tessera-identity` token), so nothing here is cached by anyone. The account page answers a visitor
 * with a redirect to the sign-in page, which the composer turns into the page's redirect.
 */

import { delegatedHeaders, IDENTITY_HEADER } from "@tessera/chassis/access";
import type { Db } from "@tessera/chassis/db";
import { parseInput } from "@tessera/chassis/service";
import { fragments, version } from "@tessera/identity-fragments/manifest";
import {
  formField,
  type Html,
  renderAccountLink,
  renderAccountPage,
  renderLoginPage,
  renderRegisterPage,
  shownMessage,
} from "@tessera/identity-fragments/server";
import { type Context, Hono } from "hono";
import { z } from "zod";
import { findAddress } from "../addresses/store.ts";
import { fetchOrderHistory, type OrderHistoryOptions } from "../orders/history.ts";
import { findUserById } from "../users/store.ts";
import { safeReturnTo } from "./forms.ts";
import { shopperId } from "./shopper.ts";

export const ACCOUNT_LOGIN_REDIRECT = "/account/login?returnTo=/account";

/** The fragment manifest (`contracts/fragment-manifest`): no federated remote, no assets. */
export function fragmentManifest() {
  return { team: "identity", version, fragments, assets: { js: [], css: [] } };
}

const NO_STORE = { "cache-control": "no-store", vary: IDENTITY_HEADER };

function htmlResponse(c: Context, markup: Html): Response {
  return c.body(markup.toString(), 200, {
    ...NO_STORE,
    "content-type": "text/html; charset=utf-8",
    "fragment-version": `identity@${version}`,
  });
}

/** A query value, trimmed and bounded; anything else is dropped (a page never fails for a bad parameter). */
const lenient = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => v || undefined)
    .optional()
    .catch(undefined);

/** The form state a failed POST put in the query, and what was typed. */
export const LoginPageQuery = z.object({
  error: lenient(300),
  field: lenient(40),
  returnTo: z.string().optional().catch(undefined),
  email: lenient(254),
});
export const RegisterPageQuery = LoginPageQuery.extend({ name: lenient(100) });
/**
 * The address form's state after a failed POST: the message, its field and what was typed (the
 * name as `recipient`: in a page's fragment tag `name` names the fragment).
 */
export const AccountPageQuery = z.object({
  error: lenient(300),
  field: lenient(40),
  recipient: lenient(100),
  street: lenient(200),
  postcode: lenient(40),
  city: lenient(100),
  country: lenient(40),
});

const formState = (q: z.infer<typeof LoginPageQuery>) => ({
  error: shownMessage(q.error),
  field: formField(q.field),
  returnTo: safeReturnTo(q.returnTo),
});

export function fragmentRoutes(db: Db, orders: OrderHistoryOptions): Hono {
  /** The signed-in user, when the header names one that exists. */
  const signedInUser = async (c: Context) => {
    const id = shopperId(c);
    return id ? findUserById(db, id) : undefined;
  };

  return new Hono()
    .get("/manifest.json", (c) => c.json(fragmentManifest(), 200, { "cache-control": "public, no-cache" }))
    .get("/login-page", async (c) => {
      const query = parseInput(LoginPageQuery, c.req.query(), "query");
      const state = formState(query);
      if (await signedInUser(c)) return c.redirect(state.returnTo ?? "/account", 303);
      return htmlResponse(c, renderLoginPage({ ...state, email: query.email }));
    })
    .get("/register-page", async (c) => {
      const query = parseInput(RegisterPageQuery, c.req.query(), "query");
      const state = formState(query);
      if (await signedInUser(c)) return c.redirect(state.returnTo ?? "/account", 303);
      return htmlResponse(c, renderRegisterPage({ ...state, name: query.name, email: query.email }));
    })
    .get("/account-page", async (c) => {
      const user = await signedInUser(c);
      if (!user) return c.redirect(ACCOUNT_LOGIN_REDIRECT, 303);
      const { error, field, recipient, ...typed } = parseInput(AccountPageQuery, c.req.query(), "query");
      const [history, address] = await Promise.all([
        fetchOrderHistory(user.id, orders, delegatedHeaders(c, "checkout")),
        findAddress(db, user.id),
      ]);
      const shown = shownMessage(error);
      return htmlResponse(
        c,
        renderAccountPage({
          user,
          orders: history,
          address,
          addressForm: shown
            ? { error: shown, field: formField(field), typed: { ...typed, name: recipient } }
            : undefined,
        }),
      );
    })
    .get("/account-link", async (c) => htmlResponse(c, renderAccountLink(await signedInUser(c))));
}
