/**
 * Security headers on every response: `X-Content-Type-Options: nosniff`, `Referrer-Policy:
 * strict-origin-when-cross-origin`, `X-Frame-Options: DENY`, a `Permissions-Policy` turning off
 * what a shop never uses, HSTS only behind TLS, and a Content-Security-Policy with
 * `frame-ancestors 'none'`: a page that set its own policy (the composer's, with its script
 * nonce) keeps it and gains `frame-ancestors` and `form-action`; anything else gets a strict one.
 * Never `unsafe-inline` or `unsafe-eval`.
 */
import type { MiddlewareHandler } from "hono";

export interface SecurityHeadersOptions {
  /** Shoppers reach the shop over HTTPS: send HSTS. */
  behindTls: boolean;
}

/** The policy of a response that did not set one: nothing runs, nothing frames it. */
export const DEFAULT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
/** An HTML page without its own policy (error pages): its own scripts and styles only. */
export const HTML_CSP =
  "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

/** Strict-Transport-Security, behind TLS only. */
const HSTS = "max-age=31536000; includeSubDomains";

const FIXED: [string, string][] = [
  ["x-content-type-options", "nosniff"],
  ["referrer-policy", "strict-origin-when-cross-origin"],
  ["x-frame-options", "DENY"],
  ["permissions-policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"],
  ["cross-origin-opener-policy", "same-origin"],
];

/** Completes a page's own policy with `frame-ancestors 'none'` and `form-action 'self'`. */
export function completePolicy(policy: string): string {
  let out = policy.trim().replace(/;\s*$/, "");
  if (!/(^|;)\s*frame-ancestors\s/.test(out)) out += "; frame-ancestors 'none'";
  if (!/(^|;)\s*form-action\s/.test(out)) out += "; form-action 'self'";
  return out;
}

/**
 * The security headers every response gets, but the policy, as one object: for a response built
 * with them (and a complete policy of its own), which {@link markSecured} then spares a second pass.
 */
export function securityHeaderValues(options: SecurityHeadersOptions): Record<string, string> {
  const values = Object.fromEntries(FIXED);
  if (options.behindTls) values["strict-transport-security"] = HSTS;
  return values;
}

const secured = new WeakSet<Response>();

/** Marks a response built with {@link securityHeaderValues} and a complete policy: {@link secureResponse} leaves it as it is. */
export function markSecured(response: Response): Response {
  secured.add(response);
  return response;
}

/** True for a response {@link markSecured} marked: built with the security headers (and `traceresponse`) already. */
export function isSecured(response: Response): boolean {
  return secured.has(response);
}

/** The response with the security headers set (a copy when its own headers are immutable). */
export function secureResponse(response: Response, options: SecurityHeadersOptions): Response {
  if (secured.has(response)) return response;
  try {
    applySecurityHeaders(response.headers, options);
    return response;
  } catch {
    // a proxied upstream response keeps immutable headers: copy it once
    const copy = new Response(response.body, response);
    applySecurityHeaders(copy.headers, options);
    return copy;
  }
}

/** Sets the security headers on a response's headers (see the top of this file). */
export function applySecurityHeaders(headers: Headers, options: SecurityHeadersOptions): void {
  for (const [name, value] of FIXED) if (!headers.has(name)) headers.set(name, value);
  if (options.behindTls) headers.set("strict-transport-security", HSTS);
  const policy = headers.get("content-security-policy");
  if (policy) headers.set("content-security-policy", completePolicy(policy));
  else {
    const html = (headers.get("content-type") ?? "").startsWith("text/html");
    headers.set("content-security-policy", html ? HTML_CSP : DEFAULT_CSP);
  }
}

export function securityHeaders(options: SecurityHeadersOptions): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const response = secureResponse(c.res, options);
    if (response !== c.res) c.res = response;
  };
}
