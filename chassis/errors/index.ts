/**
 * One error type for every service, one table from codes to HTTP statuses, and one way to
 * turn an error into `application/problem+json` (RFC 9457).
 *
 * @example
 * throw new AppError("not_found", `No product with sku "${sku}"`, { sku });
 */

/** The media type of every error body that leaves a Tessera process. */
export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/** The closed set of error codes; each maps to exactly one HTTP status. */
export const STATUS_BY_CODE = {
  bad_request: 400,
  validation_failed: 422,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  bad_gateway: 502,
  unavailable: 503,
  timeout: 504,
} as const;

export type ErrorCode = keyof typeof STATUS_BY_CODE;

const TITLE_BY_CODE: Record<ErrorCode, string> = {
  bad_request: "Bad request",
  validation_failed: "Validation failed",
  unauthorized: "Unauthorized",
  forbidden: "Forbidden",
  not_found: "Not found",
  method_not_allowed: "Method not allowed",
  conflict: "Conflict",
  payload_too_large: "Payload too large",
  unsupported_media_type: "Unsupported media type",
  rate_limited: "Too many requests",
  internal: "Internal error",
  bad_gateway: "Bad gateway",
  unavailable: "Service unavailable",
  timeout: "Upstream timeout",
};

/** A problem details object as it travels on the wire. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance?: string;
  trace_id?: string;
  [extension: string]: unknown;
}

/** The one error type: a code from the closed set, a detail a person can act on, extensions. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly extensions: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    detail: string,
    extensions: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(detail, options);
    this.name = "AppError";
    this.code = code;
    this.status = STATUS_BY_CODE[code];
    this.extensions = extensions;
  }

  /** The problem details for this error; `instance` is usually the request path. */
  toProblem(instance?: string, traceId?: string): Problem {
    return problem(this.code, this.message, { ...this.extensions, instance, trace_id: traceId });
  }
}

/** Builds a problem details object for a code, leaving out undefined extensions. */
export function problem(code: ErrorCode, detail: string, extensions: Record<string, unknown> = {}): Problem {
  const body: Problem = {
    type: `https://tessera.dev/problems/${code.replaceAll("_", "-")}`,
    title: TITLE_BY_CODE[code],
    status: STATUS_BY_CODE[code],
    detail,
    code,
  };
  for (const [key, value] of Object.entries(extensions)) if (value !== undefined) body[key] = value;
  return body;
}

/** A `Response` carrying a problem, with the right status and media type. */
export function problemResponse(body: Problem, headers?: HeadersInit): Response {
  const h = new Headers(headers);
  h.set("content-type", PROBLEM_CONTENT_TYPE);
  return new Response(JSON.stringify(body), { status: body.status, headers: h });
}

/** The status code's error code, for errors that arrive from elsewhere (an upstream's status). */
export function codeForStatus(status: number): ErrorCode {
  const found = (Object.entries(STATUS_BY_CODE) as [ErrorCode, number][]).find(([, s]) => s === status);
  if (found) return found[0];
  return status >= 500 ? "internal" : "bad_request";
}

/** True when a parsed JSON body has the shape of a problem details object. */
export function isProblem(body: unknown): body is Problem {
  return (
    typeof body === "object" &&
    body !== null &&
    typeof (body as Problem).status === "number" &&
    typeof (body as Problem).title === "string"
  );
}
