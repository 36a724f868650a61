/**
 * The two ways a form endpoint answers. A plain browser form (urlencoded) gets `303 See Other`:
 * onwards on success, back to the form page with `?error=` (and what was typed, never a
 * password) on failure. A component asking with `accept: application/json` gets JSON or
 * `application/problem+json` naming each bad field.
 */
import { AppError, type ErrorCode } from "@tessera/chassis/errors";
import type { FormField } from "@tessera/identity-fragments/messages";
import type { Context } from "hono";
import type { z } from "zod";

/** True when the caller asked for JSON rather than a page. */
export function wantsJson(c: Context): boolean {
  return (c.req.header("accept") ?? "").includes("application/json");
}

/** The body as a flat record of strings: urlencoded, multipart or JSON; empty when there is none. */
export async function readBody(c: Context): Promise<Record<string, unknown>> {
  const type = (c.req.header("content-type") ?? "").toLowerCase();
  if (type.startsWith("application/json")) {
    const body = await c.req.json().catch(() => undefined);
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      throw new AppError("bad_request", "The body must be a JSON object");
    }
    return body as Record<string, unknown>;
  }
  if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data")) {
    const form = await c.req.parseBody().catch(() => {
      throw new AppError("bad_request", "The form body could not be read");
    });
    return Object.fromEntries(Object.entries(form).filter(([, v]) => typeof v === "string"));
  }
  if (!type && (c.req.header("content-length") ?? "0") === "0") return {};
  throw new AppError(
    "unsupported_media_type",
    `Send the form as application/x-www-form-urlencoded or application/json, not "${type || "(none)"}"`,
  );
}

/**
 * A same-site path to go to after the form, or undefined: only `/…` paths (never `//host`,
 * `/\host` or a scheme), at most 2048 characters.
 */
export function safeReturnTo(value: unknown): string | undefined {
  if (typeof value !== "string" || value.length > 2048) return undefined;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return undefined;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return undefined;
  try {
    const url = new URL(value, "http://tessera.invalid");
    if (url.origin !== "http://tessera.invalid") return undefined;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return undefined;
  }
}

/** A form failure: the message shown, the field it is about, and the problem for JSON callers. */
export interface FormFailure {
  code: ErrorCode;
  message: string;
  field?: FormField;
  /** For JSON: every bad field (`body.email`) with its message. */
  errors?: { path: string; message: string }[];
}

/** The failure for a zod error: its first issue shown on the page, all of them in the problem. */
export function validationFailure(error: z.ZodError): FormFailure {
  const errors = error.issues.map((i) => ({ path: ["body", ...i.path].join("."), message: i.message }));
  const first = error.issues[0];
  return {
    code: "validation_failed",
    message: first?.message ?? "The form is not valid",
    field: first?.path[0] as FormField | undefined,
    errors,
  };
}

/**
 * Answers a failure: for JSON, throws the problem; for a form, redirects back to `page` with the
 * message, the field, the values to keep and the returnTo.
 */
export function fail(
  c: Context,
  page: string,
  failure: FormFailure,
  keep: Record<string, string | undefined>,
): Response {
  if (wantsJson(c)) {
    const detail = failure.errors
      ? failure.errors.map((e) => `${e.path}: ${e.message}`).join("; ")
      : failure.message;
    throw new AppError(failure.code, detail, failure.errors ? { errors: failure.errors } : {});
  }
  const query = new URLSearchParams({ error: failure.message });
  if (failure.field) query.set("field", failure.field);
  for (const [name, value] of Object.entries(keep)) if (value) query.set(name, value.slice(0, 254));
  return c.redirect(`${page}?${query}`, 303);
}

/** A form value as a string (kept on the page after a failure), or undefined. */
export const text = (value: unknown): string | undefined =>
  typeof value === "string" && value.trim() ? value.trim() : undefined;
