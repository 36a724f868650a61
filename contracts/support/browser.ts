/**
 * What the browser-side consumer tests share (a team's components → its service, through the
 * composer): the forms a server-rendered fragment holds and the fields a browser would post
 * from them, a `fetch` that goes through the composer's real form proxy and API gateway to
 * Pact's mock server, and a form-urlencoded request body for a pact.
 *
 * The pacts record the request **as the service sees it**, after the composer: the gateway's
 * `/api/<service>/x` arrives as `/api/x`, a form post keeps its path, the `tessera_cart` cookie
 * has become `x-tessera-cart-id`. That is what the provider verification replays against the
 * real service, and the consumer side proves the browser's request turns into it.
 */

import { createRateLimiter } from "@tessera/chassis/access";
import { HeaderFields } from "@tessera/chassis/http";
import { silentLogger } from "@tessera/chassis/log";
import type { ServiceInstance } from "@tessera/chassis/registry";
import { Hono } from "hono";
import { CSRF_COOKIE, createCsrf } from "../../composer/context/csrf.ts";
import { createShopperContext } from "../../composer/context/shopper.ts";
import type { Upstream } from "../../composer/discovery/upstream.ts";
import { formRoutes } from "../../composer/routes/forms.ts";
import { type GatewayOptions, gatewayRoutes } from "../../composer/routes/gateway.ts";

/** A `<form method="post">` found in rendered HTML, with what a browser would submit. */
export interface PostForm {
  action: string;
  /** Every field name the form holds (inputs, selects, textareas), submitted or not. */
  names: string[];
  /** What submitting it unchanged sends: named inputs (checked radios only), selects' chosen option. */
  fields: [string, string][];
}

const attrOf = (tag: string, name: string): string | undefined => {
  const m = new RegExp(`\\s${name}(?:="([^"]*)"|='([^']*)'|(?=[\\s/>]))`, "i").exec(tag);
  if (!m) return undefined;
  return decodeEntities(m[1] ?? m[2] ?? "");
};

const decodeEntities = (text: string) =>
  text
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");

/** `text` as a literal in a regular expression (for `Location` patterns). */
export const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The post forms in `html` (Lit SSR comments are ignored), in document order. */
export function postFormsIn(html: string): PostForm[] {
  const clean = html.replace(/<!--[\s\S]*?-->/g, "");
  const forms: PostForm[] = [];
  for (const m of clean.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const [open, body] = [m[1] ?? "", m[2] ?? ""];
    if ((attrOf(open, "method") ?? "get").toLowerCase() !== "post") continue;
    const names: string[] = [];
    const fields: [string, string][] = [];
    for (const control of body.matchAll(
      /<select\b([^>]*)>([\s\S]*?)<\/select>|<(input|textarea)\b([^>]*)>/gi,
    )) {
      const select = control[3] === undefined;
      const tag = (select ? control[1] : control[4]) ?? "";
      const name = attrOf(tag, "name");
      if (!name) continue;
      names.push(name);
      if (select) {
        const all = [...(control[2] ?? "").matchAll(/<option\b([^>]*)>/gi)].map((o) => o[1] ?? "");
        const chosen = all.find((o) => attrOf(o, "selected") !== undefined) ?? all[0];
        if (chosen !== undefined) fields.push([name, attrOf(chosen, "value") ?? ""]);
        continue;
      }
      const type = (attrOf(tag, "type") ?? "text").toLowerCase();
      if (["submit", "button", "reset", "image", "file"].includes(type)) continue;
      if ((type === "radio" || type === "checkbox") && attrOf(tag, "checked") === undefined) continue;
      fields.push([name, attrOf(tag, "value") ?? (type === "checkbox" || type === "radio" ? "on" : "")]);
    }
    forms.push({ action: attrOf(open, "action") ?? "", names: [...new Set(names)], fields });
  }
  return forms;
}

/** The post form of `html` whose action is `action`; throws naming the actions found otherwise. */
export function postForm(html: string, action: string): PostForm {
  const forms = postFormsIn(html);
  const form = forms.find((f) => f.action === action);
  if (!form)
    throw new Error(
      `no <form method="post" action="${action}"> in the rendered fragment (found: ${forms.map((f) => f.action).join(", ") || "none"})`,
    );
  return form;
}

/**
 * What the browser sends after the shopper filled in `input`: the form's fields with the typed
 * values replacing the defaults (a field the form does not hold is refused: the page could not
 * send it), as a urlencoded body.
 */
export function submit(form: PostForm, input: Record<string, string> = {}, extra: string[] = []): string {
  for (const name of Object.keys(input))
    if (!form.names.includes(name) && !extra.includes(name))
      throw new Error(
        `the form posting to ${form.action} has no field "${name}" (it has ${form.names.join(", ")})`,
      );
  const body = new URLSearchParams();
  const typed = new Set<string>();
  for (const [name, value] of form.fields) {
    if (name in input) {
      if (!typed.has(name)) body.append(name, input[name] as string);
      typed.add(name);
    } else body.append(name, value);
  }
  for (const [name, value] of Object.entries(input)) if (!typed.has(name)) body.append(name, value);
  return body.toString();
}

/**
 * The CSRF protection of the composer's forms, with a fixed secret and browser cookie so that the
 * token a page carries (and the body a form posts) is the same on every run.
 */
const csrf = createCsrf({ secret: "tessera contract tests", secure: false });
const CSRF_COOKIE_VALUE = "contract-tests-csrf-cookie-0123456789abcdef";
const CSRF_COOKIE_HEADER = `${CSRF_COOKIE}=${CSRF_COOKIE_VALUE}`;

/**
 * A fragment's HTML as the composer serves it in a page: with the `_csrf` hidden field it adds to
 * every post form (for the browser holding the test's CSRF cookie).
 */
export async function servedPage(html: string): Promise<string> {
  const { token } = csrf.forPage(
    new Request("http://shop.test/", { headers: { cookie: CSRF_COOKIE_HEADER } }),
  );
  return csrf
    .inject(new Response(html, { headers: { "content-type": "text/html; charset=utf-8" } }), token)
    .text();
}

/**
 * A `fetch` as the browser's requests reach a service: through the composer's real form proxy
 * and API gateway (CSRF check, header allowlist, path rewrite, shopper context from the
 * cookies), with discovery answering every service with Pact's mock server. The browser holds
 * the CSRF cookie of {@link servedPage}'s pages, and `browser.cookie` (e.g. its cart) if given. Redirects come back unfollowed, as a form
 * navigation or `fetch(…, { redirect: "manual" })` sees them.
 */
export function throughComposer(
  mockUrl: string,
  browser: { cookie?: string } = {},
): (input: string, init?: RequestInit) => Promise<Response> {
  const instance = (name: string) =>
    ({ id: `pact-mock-${name}`, name, url: mockUrl, health: "up" }) as unknown as ServiceInstance;
  const upstream: Upstream = {
    pick: (service) => instance(service),
    async fetch(service, path, init = {}) {
      const { timeoutMs: _t, spanName: _s, ...request } = init;
      const response = await fetch(new URL(path, mockUrl), { ...request, redirect: "manual" });
      return { response, instance: instance(service) };
    },
    async fragment(service, path, init = {}) {
      const { response } = await this.fetch(service, path, init);
      return {
        answer: {
          status: response.status,
          headers: HeaderFields.of(response.headers),
          body: response.body ?? new Uint8Array(0),
        },
        instance: instance(service),
      };
    },
  };
  const options: GatewayOptions = {
    upstream,
    shopper: createShopperContext({ identityUrl: () => undefined, log: silentLogger }),
    timeoutMs: 5000,
    csrf,
    limiter: createRateLimiter({ perMinute: 60_000, burst: 1000 }),
    behindTls: false,
  };
  const app = new Hono().route("/", formRoutes(options)).route("/", gatewayRoutes(options));
  app.onError((error) => {
    throw error;
  });
  return async (input, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set(
      "cookie",
      [CSRF_COOKIE_HEADER, browser.cookie, headers.get("cookie")].filter(Boolean).join("; "),
    );
    return app.request(input, { ...init, headers });
  };
}

/**
 * Sets a form-urlencoded request body. pact-js's `body()` takes a Buffer and adds a
 * content-sniffing matcher the mock server applies to each form field (and fails); the
 * interaction's text body has no such matcher, and the core compares form bodies field by field.
 */
export function formBody<R>(req: R, body: string): R {
  // The core adds the `Content-Type` header itself: a second `content-type` would reach the
  // provider as a doubled value its form parser refuses.
  (
    req as unknown as { interaction: { withRequestBody(body: string, type: string): void } }
  ).interaction.withRequestBody(body, "application/x-www-form-urlencoded");
  return req;
}
