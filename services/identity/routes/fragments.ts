/**
 * Identity's fragments (server HTML holding identity's Lit components), their manifest and the
 * federated remote's assets for the shell. The built-in version renders in process, a deployed
 * release the composer asks for in its own worker (`tessera deploy identity`). The pages depend on
 * the shopper (the `x-tessera-identity` token), so nothing here is cached by anyone. The account
 * page answers a visitor with a redirect to the sign-in page, which the composer turns into the
 * page's redirect.
 */

import { delegatedHeaders, IDENTITY_HEADER } from "@tessera/chassis/access";
import type { Db } from "@tessera/chassis/db";
import { FRAGMENT_BATCH_PATH } from "@tessera/chassis/http";
import {
  fragmentReleasesOf,
  manifestFederation,
  remoteAssetRoutes,
  remoteScripts,
} from "@tessera/chassis/releases";
import { parseInput } from "@tessera/chassis/service";
import { distDir, federation, fragments } from "@tessera/identity-fragments/manifest";
import { formField, renderers, shownMessage } from "@tessera/identity-fragments/server";
import { type Context, Hono } from "hono";
import { z } from "zod";
import { findAddress } from "../addresses/store.ts";
import { fetchOrderHistory, type OrderHistoryOptions } from "../orders/history.ts";
import { findUserById } from "../users/store.ts";
import { safeReturnTo } from "./forms.ts";
import { shopperId } from "./shopper.ts";

export const ACCOUNT_LOGIN_REDIRECT = "/account/login?returnTo=/account";

/** The built-in version renders in process; a release the composer asks for, in its own worker. */
export const fragmentReleases = fragmentReleasesOf({
  team: "identity",
  version: federation.version,
  renderers,
});

/** The fragment manifest (`contracts/fragment-manifest`): endpoints, fallbacks, the remote and its scripts. */
export async function fragmentManifest() {
  return {
    team: "identity",
    version: federation.version,
    fragments,
    batch: FRAGMENT_BATCH_PATH,
    federation: manifestFederation("identity", federation),
    assets: { js: await remoteScripts(distDir), css: [] },
  };
}

/** Renders fragment `name` in the version the request asks for; never cached (it depends on the shopper). */
async function htmlResponse<N extends keyof typeof renderers>(
  c: Context,
  name: N,
  data: Parameters<(typeof renderers)[N]>[0],
): Promise<Response> {
  const releases = fragmentReleases();
  const version = releases.select(c.req.raw);
  return c.body(
    await releases.render(version, name, data),
    200,
    releases.htmlHeaders(version, { cacheControl: "no-store", vary: [IDENTITY_HEADER] }),
  );
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

  let manifest: ReturnType<typeof fragmentManifest> | undefined;
  return new Hono()
    .get("/manifest.json", async (c) => {
      manifest ??= fragmentManifest();
      return c.json(await manifest, 200, { "cache-control": "public, no-cache" });
    })
    .get("/login-page", async (c) => {
      const query = parseInput(LoginPageQuery, c.req.query(), "query");
      const state = formState(query);
      if (await signedInUser(c)) return c.redirect(state.returnTo ?? "/account", 303);
      return htmlResponse(c, "login-page", { ...state, email: query.email });
    })
    .get("/register-page", async (c) => {
      const query = parseInput(RegisterPageQuery, c.req.query(), "query");
      const state = formState(query);
      if (await signedInUser(c)) return c.redirect(state.returnTo ?? "/account", 303);
      return htmlResponse(c, "register-page", { ...state, name: query.name, email: query.email });
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
      return htmlResponse(c, "account-page", {
        user: { name: user.name, email: user.email },
        orders: history,
        address,
        addressForm: shown
          ? { error: shown, field: formField(field), typed: { ...typed, name: recipient } }
          : undefined,
      });
    })
    .get("/account-link", async (c) => {
      const user = await signedInUser(c);
      return htmlResponse(c, "account-link", { user: user ? { name: user.name } : undefined });
    });
}

/** `GET /assets/*`: the federated remote built into `fragments/identity/dist`, a deployed release's under `releases/<version>/`. */
export function assetRoutes(): Hono {
  return remoteAssetRoutes(fragmentReleases, distDir);
}
