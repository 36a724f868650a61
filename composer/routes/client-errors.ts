/**
 * `POST /_tessera/client-errors`: failures the browser shell reports (a remote that did not load,
 * an element its module did not define, an unhandled error or rejection in the page). Each report
 * is validated (zod, size-limited), rate-limited per client, logged with the page's trace id,
 * counted in `composer_client_errors_total{kind}` and handed to a {@link ClientErrorSink}
 * (exception tracking). Answers 202; bad input is a 4xx problem.
 */
import { AppError } from "@tessera/chassis/errors";
import type { Logger } from "@tessera/chassis/log";
import { Counter, type Metrics } from "@tessera/chassis/metrics";
import { parseInput } from "@tessera/chassis/service";
import { Hono } from "hono";
import { z } from "zod";

export const CLIENT_ERRORS_PATH = "/_tessera/client-errors";

/** Largest report body accepted, in bytes. */
export const MAX_REPORT_BYTES = 16 * 1024;

const text = (max: number) => z.string().max(max);

/** What the shell sends (shell/src/report.ts builds it). */
export const ClientErrorReport = z.strictObject({
  kind: z.enum(["remote-load", "element-undefined", "region", "error", "unhandledrejection"]),
  message: text(2000).min(1),
  /** The page's trace id (`<meta name="trace-id">`), so the report joins the page view's logs. */
  traceId: z.string().regex(/^[0-9a-f]{32}$/, { error: "expected the page's 32 hex-digit trace id" }),
  /** The page URL (path and query), as the browser saw it. */
  page: text(2000).min(1),
  /** The federated module (`alias/expose`) that failed, when one did. */
  module: text(200).optional(),
  /** Where an error was thrown (script URL:line:column), and its stack. */
  source: text(2000).optional(),
  stack: text(4000).optional(),
  /** Release versions on the page: the shell's and each remote's. */
  releases: z.record(text(100), text(300)).refine((r) => Object.keys(r).length <= 20, {
    error: "at most 20 releases",
  }),
});
export type ClientErrorReport = z.infer<typeof ClientErrorReport>;

/** Where reports go after logging and counting: the exception tracker (the ops service). */
export interface ClientErrorSink {
  report(report: ClientErrorReport, client: string): void | Promise<void>;
}

/** A sink that keeps nothing: reports are only logged and counted. */
export const noClientErrorSink: ClientErrorSink = { report: () => {} };

/** At most `limit` events per `windowMs` per key (fixed windows), with a bounded key table. */
export function createRateLimiter(limit: number, windowMs: number, maxKeys = 10_000) {
  const windows = new Map<string, { start: number; count: number }>();
  return (key: string, now = Date.now()): boolean => {
    let window = windows.get(key);
    if (!window || now - window.start >= windowMs) {
      if (!window && windows.size >= maxKeys) windows.delete(windows.keys().next().value as string);
      window = { start: now, count: 0 };
      windows.set(key, window);
    }
    window.count += 1;
    return window.count <= limit;
  };
}

export interface ClientErrorOptions {
  log: Logger;
  metrics: Metrics;
  sink?: ClientErrorSink;
  /** Reports accepted per client per minute (default 20). */
  perMinute?: number;
}

/**
 * The client of a request: the socket address Bun gives (the composer is the edge, so a client
 * cannot pick it), else — no socket, as in `app.request()` — the first `x-forwarded-for` hop.
 */
function clientOf(headers: Headers, address: string | undefined): string {
  return address || headers.get("x-forwarded-for")?.split(",")[0]?.trim() || "unknown";
}

export function clientErrorRoutes(options: ClientErrorOptions): Hono {
  const sink = options.sink ?? noClientErrorSink;
  const counted = new Counter({
    name: "composer_client_errors_total",
    help: "Failures reported by browsers (remote loads, undefined elements, page errors), by kind",
    labelNames: ["kind"] as const,
    registers: [options.metrics.registry],
  });
  const allow = createRateLimiter(options.perMinute ?? 20, 60_000);
  return new Hono().post(CLIENT_ERRORS_PATH, async (c) => {
    const type = c.req.header("content-type") ?? "";
    // sendBeacon sends a Blob's type; accept JSON sent as text/plain too (no CORS preflight)
    if (!/^(application\/json|text\/plain)\b/.test(type))
      throw new AppError("unsupported_media_type", `Send the report as application/json (got "${type}")`);
    const declared = Number(c.req.header("content-length") ?? 0);
    if (declared > MAX_REPORT_BYTES)
      throw new AppError(
        "payload_too_large",
        `A report is at most ${MAX_REPORT_BYTES} bytes (got ${declared})`,
      );
    const body = await c.req.text();
    if (new TextEncoder().encode(body).byteLength > MAX_REPORT_BYTES)
      throw new AppError("payload_too_large", `A report is at most ${MAX_REPORT_BYTES} bytes`);
    const server = (c.env as { server?: { requestIP?(r: Request): { address: string } | null } } | undefined)
      ?.server;
    const client = clientOf(c.req.raw.headers, server?.requestIP?.(c.req.raw)?.address);
    if (!allow(client))
      throw new AppError("rate_limited", `Too many error reports from ${client}; try again in a minute`);
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new AppError("bad_request", "The report must be a JSON object");
    }
    const report = parseInput(ClientErrorReport, json, "body");
    counted.inc({ kind: report.kind });
    options.log.warn(
      {
        // the page view's trace, so the report sits with that view's log lines (not the beacon's)
        trace_id: report.traceId,
        client_error: report.kind,
        page: report.page,
        module: report.module,
        source: report.source,
        releases: report.releases,
      },
      `client error (${report.kind}): ${report.message}`,
    );
    try {
      await sink.report(report, client);
    } catch (error) {
      options.log.error({ err: error }, "the client error sink failed");
    }
    return c.body(null, 202);
  });
}
