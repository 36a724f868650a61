/**
 * Cross-site request forgery protection for the composer's form posts and gateway calls.
 *
 * Forms: a signed double-submit token. Every page makes sure the browser holds a random
 * `tessera_csrf` cookie (HttpOnly, SameSite=Lax) and every `<form method="post">` the page
 * streams gets a hidden `_csrf` field holding HMAC-SHA256(composer key, cookie) — the composer
 * writes it into the fragments' markup as the page streams (`../stream/forms.ts`, the same rule
 * as {@link Csrf.inject}'s `HTMLRewriter`, which pages not composed — error pages — go through),
 * so no team renders it. A post must carry a token
 * matching its cookie (in `_csrf` or the `x-csrf-token` header). The page's `<head>` also carries
 * the token as `<meta name="tessera-csrf" content="…">`, for the posts a component makes with
 * `fetch` from a form the composer never streamed (one rendered in the browser, e.g. checkout's
 * add-to-cart inside catalog's quick view): they send it in `x-csrf-token`. On top, a post whose
 * `Sec-Fetch-Site` says another site, or whose `Origin` is not this one, is refused before the
 * token is looked at. Refused: 403 problem+json.
 *
 * Gateway (JSON APIs): a write must come with a non-simple content type (which a cross-site page
 * cannot send without a CORS preflight, and the composer answers none) or from the same origin
 * by `Sec-Fetch-Site`; `Origin` and `Sec-Fetch-Site` are checked the same way.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { AppError } from "@tessera/chassis/errors";
import type { Context } from "hono";
import type { CsrfMarkup } from "../stream/forms.ts";
import { readCookie } from "./shopper.ts";

export const CSRF_COOKIE = "tessera_csrf";
export const CSRF_FIELD = "_csrf";
export const CSRF_HEADER = "x-csrf-token";
/** `<meta name>` of the page's token, for client-rendered forms posting with `fetch`. */
export const CSRF_META = "tessera-csrf";

const COOKIE_VALUE = /^[A-Za-z0-9_-]{43}$/;
const SIMPLE_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"];
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** Page tokens kept per cookie (the map is emptied when full). */
const SIGNED_KEPT = 10_000;

export interface CsrfOptions {
  /** Secret bytes the tokens are signed with (the composer's signing key, hashed). */
  secret: string | Uint8Array;
  /** Cookies carry `Secure` (behind TLS). */
  secure: boolean;
}

export interface Csrf {
  /** The form token for a page request, and the cookie to set when the browser has none yet. */
  forPage(request: Request): { token: string; setCookie?: string };
  /**
   * The page with the token as a hidden field in every POST form and as `<meta name="tessera-csrf">`
   * in its head (streamed, not buffered).
   */
  inject(response: Response, token: string): Response;
  /** The field and meta a page gets for `token`, for the composer to write as it streams. */
  markup(token: string): CsrfMarkup;
  /** Refuses a form post that is cross-site or lacks a token matching its cookie. */
  checkForm(c: Context): Promise<void>;
  /** Refuses a gateway write that a cross-site page could have sent. */
  checkApi(c: Context): void;
}

const forbidden = (detail: string) => new AppError("forbidden", detail);

/** Refuses a request whose `Sec-Fetch-Site` or `Origin` names another site. */
function checkOrigin(c: Context): void {
  const site = c.req.header("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none")
    throw forbidden(`Cross-site request refused (Sec-Fetch-Site: ${site.slice(0, 40)})`);
  const origin = c.req.header("origin");
  if (origin !== undefined && origin !== new URL(c.req.url).origin)
    throw forbidden(`Cross-origin request refused (Origin: ${origin.slice(0, 200)})`);
}

/** The `_csrf` field of a form body, without consuming the body the form is forwarded with. */
async function tokenInBody(c: Context, type: string): Promise<string | undefined> {
  if (type.startsWith("application/x-www-form-urlencoded")) {
    const text = await c.req.text().catch(() => "");
    return new URLSearchParams(text).get(CSRF_FIELD) ?? undefined;
  }
  if (type.startsWith("multipart/form-data")) {
    const buffer = await c.req.arrayBuffer().catch(() => new ArrayBuffer(0));
    const form = await new Response(buffer, { headers: { "content-type": type } })
      .formData()
      .catch(() => undefined);
    const value = form?.get(CSRF_FIELD);
    return typeof value === "string" ? value : undefined;
  }
  return undefined;
}

export function createCsrf(options: CsrfOptions): Csrf {
  const key = createHash("sha256").update("tessera-csrf\0").update(options.secret).digest();
  // Bun's hasher: the same HMAC-SHA256 as node:crypto's createHmac, a third cheaper a page
  const sign = (cookie: string) => new Bun.CryptoHasher("sha256", key).update(cookie).digest("base64url");
  const attributes = `Path=/; HttpOnly; SameSite=Lax${options.secure ? "; Secure" : ""}`;
  const signed = new Map<string, string>();
  const markup = (token: string): CsrfMarkup => ({
    field: `<input type="hidden" name="${CSRF_FIELD}" value="${token}">`,
    meta: `<meta name="${CSRF_META}" content="${token}">`,
  });
  const matches = (token: string, cookie: string) => {
    const expected = Buffer.from(sign(cookie));
    const given = Buffer.from(token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  return {
    forPage(request) {
      const cookie = readCookie(request.headers.get("cookie"), CSRF_COOKIE);
      if (cookie && COOKIE_VALUE.test(cookie)) {
        // a browser sends the same cookie with every page: its token is signed once
        let token = signed.get(cookie);
        if (!token) {
          if (signed.size >= SIGNED_KEPT) signed.clear();
          token = sign(cookie);
          signed.set(cookie, token);
        }
        return { token };
      }
      const fresh = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");
      return { token: sign(fresh), setCookie: `${CSRF_COOKIE}=${fresh}; ${attributes}` };
    },
    markup,
    inject(response, token) {
      if (!(response.headers.get("content-type") ?? "").startsWith("text/html") || !response.body)
        return response;
      const { field, meta } = markup(token);
      return new HTMLRewriter()
        .on("head", {
          element(head) {
            head.append(meta, { html: true });
          },
        })
        .on("form", {
          element(form) {
            if ((form.getAttribute("method") ?? "get").toLowerCase() === "post")
              form.prepend(field, { html: true });
          },
        })
        .transform(response);
    },
    async checkForm(c) {
      checkOrigin(c);
      const cookie = readCookie(c.req.header("cookie") ?? null, CSRF_COOKIE);
      if (!cookie || !COOKIE_VALUE.test(cookie))
        throw forbidden("The form has no CSRF cookie: reload the page and send the form again");
      const type = (c.req.header("content-type") ?? "").toLowerCase();
      const token = c.req.header(CSRF_HEADER) ?? (await tokenInBody(c, type));
      if (!token || !matches(token, cookie))
        throw forbidden(
          "The form's CSRF token is missing or does not match: reload the page and send it again",
        );
    },
    checkApi(c) {
      if (SAFE_METHODS.has(c.req.method)) return;
      checkOrigin(c);
      const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
      const simple = !type || SIMPLE_TYPES.includes(type);
      if (simple && c.req.header("sec-fetch-site") !== "same-origin")
        throw forbidden(
          `A write through the API needs a JSON body (content-type application/json), not "${type || "(none)"}"`,
        );
    },
  };
}
