/**
 * The two ways checkout's form endpoints answer: a browser's urlencoded form gets `303 See Other`
 * (to the next page, or back with `?error=<code>`), a component's `accept: application/json`
 * request gets JSON (or a problem+json). Same-site `returnTo` paths only.
 */

import { AppError } from "@tessera/chassis/errors";
import type { Context } from "hono";

/** True when the caller asked for JSON (the components' fetch) rather than a page. */
export function wantsJson(c: Context): boolean {
  return (c.req.header("accept") ?? "").includes("application/json");
}

/** The request's fields: urlencoded or multipart forms, or a JSON object. Anything else is a 415. */
export async function readFields(c: Context): Promise<Record<string, unknown>> {
  const type = c.req.header("content-type") ?? "";
  if (type.startsWith("application/json")) {
    const body = await c.req.json().catch(() => undefined);
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      throw new AppError("bad_request", "The body must be a JSON object");
    }
    return body as Record<string, unknown>;
  }
  if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data")) {
    const body = await c.req.parseBody().catch(() => {
      throw new AppError("bad_request", "The form body could not be read");
    });
    return Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === "string"));
  }
  throw new AppError(
    "unsupported_media_type",
    `Send the form as application/x-www-form-urlencoded or application/json, not "${type || "nothing"}"`,
  );
}

/**
 * A same-site path to go back to, or undefined: it must start with one `/` (not `//` or `/\`,
 * which browsers read as another host) and hold no control characters.
 */
export function safeReturnTo(value: unknown): string | undefined {
  if (typeof value !== "string" || value.length > 512) return undefined;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return undefined;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(value)) return undefined;
  return value;
}

/** `path` with `error=<code>` set in its query. */
export function withError(path: string, code: string): string {
  const url = new URL(path, "http://same-site.invalid");
  url.searchParams.set("error", code);
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The message code of a refused change (the pages turn it into text). */
export function reasonOf(error: AppError): string {
  const reason = error.extensions.reason;
  if (typeof reason === "string") return reason;
  const errors = error.extensions.errors as { path: string }[] | undefined;
  if (errors?.some((e) => e.path.endsWith("quantity"))) return "quantity";
  if (errors?.some((e) => e.path.endsWith("sku"))) return "unknown-product";
  return "invalid-form";
}

/** A `303 See Other` to `location`, with extra headers (the cart cookie). */
export function seeOther(location: string, headers: Record<string, string> = {}): Response {
  return new Response(null, { status: 303, headers: { location, ...headers } });
}
