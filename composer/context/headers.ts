/**
 * Which request headers cross the composer: an allowlist towards fragments, forms and APIs
 * (locale, user agent, request id; the trace context is written by the HTTP client from the
 * active span), and the hop-by-hop headers dropped in both directions. Cookies and
 * `authorization` never leave as they came: the shopper context replaces them.
 */

/** Request headers forwarded to fragments. */
export const FRAGMENT_HEADERS = ["accept-language", "user-agent", "x-request-id"] as const;

/** Request headers forwarded to the gateway's APIs and to form posts. */
export const API_HEADERS = [
  "accept",
  "accept-language",
  "content-type",
  "if-none-match",
  "if-modified-since",
  "user-agent",
  "x-request-id",
] as const;

/** Hop-by-hop (RFC 9110 §7.6.1) and framing headers, never copied from one connection to the next. */
export const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "content-length",
  "content-encoding",
]);

/** Copies the allowlisted headers of `from` (and none of the headers its `connection` names). */
export function pickHeaders(from: Headers, names: readonly string[], into = new Headers()): Headers {
  const connection = from.get("connection");
  // most requests name nothing (or only keep-alive) in `connection`: no set to build then
  const named = connection
    ? new Set(
        connection
          .split(",")
          .map((n) => n.trim().toLowerCase())
          .filter(Boolean),
      )
    : undefined;
  for (const name of names) {
    if (named?.has(name)) continue;
    const value = from.get(name);
    if (value) into.set(name, value);
  }
  return into;
}

/**
 * An upstream answer's headers without hop-by-hop ones; `set-cookie` only for the allowed
 * cookies, each made `HttpOnly` and `SameSite=Lax` when it is not, and `Secure` behind TLS.
 */
export function responseHeaders(
  from: Headers,
  allowedCookies: readonly string[],
  options: { secure?: boolean } = {},
): Headers {
  const out = new Headers();
  for (const [name, value] of from) {
    if (HOP_BY_HOP.has(name) || name === "set-cookie") continue;
    out.set(name, value);
  }
  for (const cookie of from.getSetCookie()) {
    const name = cookie.slice(0, cookie.indexOf("=")).trim();
    if (allowedCookies.includes(name))
      out.append("set-cookie", hardenCookie(cookie, options.secure ?? false));
  }
  return out;
}

/** Adds `HttpOnly`, `SameSite=Lax` and (behind TLS) `Secure` to a `set-cookie` value lacking them. */
export function hardenCookie(cookie: string, secure: boolean): string {
  const has = (attribute: string) => new RegExp(`;\\s*${attribute}(=|;|$)`, "i").test(cookie);
  let out = cookie;
  if (!has("HttpOnly")) out += "; HttpOnly";
  if (!has("SameSite")) out += "; SameSite=Lax";
  if (secure && !has("Secure")) out += "; Secure";
  return out;
}
