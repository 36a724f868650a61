/** The one error handler at the edge: every failure leaves as `application/problem+json`. */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { routePath } from "hono/route";
import type { Logger } from "pino";
import { z } from "zod";
import { AppError, codeForStatus, problem, problemResponse } from "../errors/index.ts";
import { currentTraceIds } from "../trace/index.ts";

/** Names each failing field: `body.quantity: expected a number`. */
export function describeZodError(error: z.ZodError, where: string): string {
  return error.issues
    .map((i) => `${[where, ...i.path].filter((p) => p !== "").join(".")}: ${i.message}`)
    .join("; ");
}

/** Called with every 5xx failure (the ops exception tracker, when OPS_URL is set). */
export type ErrorReporter = (error: unknown, route: string) => void;

/** Turns anything thrown by a handler into a problem response; never leaks a stack trace. */
export function errorHandler(log: Logger, report?: ErrorReporter) {
  return (error: Error, c: Context): Response =>
    problemForError(error, { method: c.req.method, path: c.req.path, route: routePath(c, -1) }, log, report);
}

/**
 * The problem response for anything a handler threw at `where` (a route served outside Hono
 * calls it directly): 5xx failures are logged and reported, with the active trace's id.
 */
export function problemForError(
  error: Error,
  where: { method: string; path: string; route?: string },
  log: Logger,
  report?: ErrorReporter,
): Response {
  const instance = where.path;
  const route = `${where.method} ${where.route || instance}`;
  const traceId = currentTraceIds()?.trace_id;
  if (error instanceof AppError) {
    if (error.status >= 500) {
      log.error({ err: error }, error.message);
      report?.(error, route);
    }
    const response = problemResponse(error.toProblem(instance, traceId));
    const retryAfter = error.extensions.retryAfter;
    if (typeof retryAfter === "number") response.headers.set("retry-after", String(retryAfter));
    return response;
  }
  if (error instanceof z.ZodError) {
    return problemResponse(
      problem("validation_failed", describeZodError(error, ""), {
        instance,
        trace_id: traceId,
        errors: error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
      }),
    );
  }
  if (error instanceof HTTPException) {
    const code = codeForStatus(error.status);
    return problemResponse(
      problem(code, error.message || `HTTP ${error.status}`, { instance, trace_id: traceId }),
    );
  }
  log.error({ err: error }, "unhandled error");
  report?.(error, route);
  return problemResponse(
    problem("internal", "The server failed to handle this request; the trace id identifies it in the logs.", {
      instance,
      trace_id: traceId,
    }),
  );
}

/** The problem for a route nobody serves. */
export function notFoundHandler(c: Context): Response {
  return problemResponse(
    problem("not_found", `Nothing is served at ${c.req.method} ${c.req.path}`, {
      instance: c.req.path,
      trace_id: currentTraceIds()?.trace_id,
    }),
  );
}
