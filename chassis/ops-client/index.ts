/**
 * Reporting to the ops service: unhandled errors of a service (the chassis error handler calls
 * {@link OpsClient.reportError}) and errors the browser reported to the composer
 * ({@link OpsClient.reportClientError}) go to `POST <OPS_URL>/ingest/exceptions`. Reporting
 * never blocks the request and never throws: reports are queued (bounded), sent in the
 * background and retried a few times.
 *
 * @example
 * const ops = createOpsClient({ url: config.OPS_URL, service: "checkout", version: "1.0.0" });
 * ops.reportError(error, { route: "/api/orders" });
 */
import { currentTraceIds } from "../trace/index.ts";

/** One exception as ops ingests it (`POST /ingest/exceptions`). */
export interface ExceptionReport {
  /** Where it happened: a service's handler, a process (unhandled rejection) or a browser. */
  kind: "server" | "process" | "browser";
  service: string;
  /** The release (version) that raised it. */
  release: string;
  /** The error's class name (`TypeError`). */
  type?: string;
  message: string;
  stack?: string;
  /** The route (server) or page URL (browser). */
  url?: string;
  trace_id?: string;
  span_id?: string;
  user_agent?: string;
  /** ISO time; ops uses its own clock when absent. */
  occurred_at?: string;
}

/**
 * What a browser reported to the composer (`POST /_tessera/client-errors`, the shell's report):
 * the composer hands it on as is.
 */
export interface ClientErrorReport {
  /** remote-load, element-undefined, region, error, unhandledrejection. */
  kind?: string;
  message: string;
  /** The page view's trace id. */
  traceId?: string;
  /** The page (path and query). */
  page?: string;
  /** The federated module (`alias/expose`) that failed. */
  module?: string;
  /** script URL:line:column. */
  source?: string;
  stack?: string;
  /** Release versions on the page: the shell's and each remote's. */
  releases?: Record<string, string>;
  userAgent?: string;
}

export interface OpsClientOptions {
  /** The ops service's base URL (OPS_URL). */
  url: string;
  service: string;
  version: string;
  /** Most reports waiting; further ones are dropped (counted). */
  maxQueue?: number;
  /** Attempts per report. */
  attempts?: number;
  /** Pause before the first retry (doubled each time). */
  retryDelayMs?: number;
  fetch?: (input: Request) => Promise<Response>;
}

export interface OpsClient {
  /** Reports a server-side error, with the active trace id. */
  reportError(error: unknown, extra?: { route?: string; kind?: "server" | "process" }): void;
  /** Reports an error a browser sent (the composer's client error sink). */
  reportClientError(report: ClientErrorReport): void;
  /** Reports an already-shaped exception. */
  report(report: ExceptionReport): void;
  stats(): { sent: number; dropped: number; failed: number; queued: number };
  /** Waits until every queued report was sent or given up on. */
  flush(): Promise<void>;
}

const MAX_STACK = 16_000;
const MAX_MESSAGE = 2000;

/** The report for a thrown value. */
export function exceptionFromError(
  error: unknown,
  base: { service: string; release: string; kind?: ExceptionReport["kind"]; url?: string },
): ExceptionReport {
  const err = error instanceof Error ? error : new Error(String(error));
  const ids = currentTraceIds();
  return {
    kind: base.kind ?? "server",
    service: base.service,
    release: base.release,
    type: err.name || "Error",
    message: (err.message || String(error) || "(no message)").slice(0, MAX_MESSAGE),
    stack: err.stack?.slice(0, MAX_STACK),
    url: base.url,
    trace_id: ids?.trace_id,
    span_id: ids?.span_id,
    occurred_at: new Date().toISOString(),
  };
}

/** A client that queues and sends exception reports to ops. */
export function createOpsClient(options: OpsClientOptions): OpsClient {
  const endpoint = `${options.url.replace(/\/$/, "")}/ingest/exceptions`;
  const send = options.fetch ?? ((request: Request) => fetch(request));
  const maxQueue = options.maxQueue ?? 200;
  const attempts = options.attempts ?? 3;
  const retryDelayMs = options.retryDelayMs ?? 500;
  const counts = { sent: 0, dropped: 0, failed: 0 };
  const pending = new Set<Promise<void>>();

  async function deliver(report: ExceptionReport): Promise<void> {
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const response = await send(
          new Request(endpoint, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify(report),
            signal: AbortSignal.timeout(5000),
          }),
        );
        await response.body?.cancel().catch(() => {});
        if (response.ok) {
          counts.sent++;
          return;
        }
        if (response.status < 500 && response.status !== 429) break; // refused: retrying will not help
      } catch {
        // unreachable: retried below
      }
      if (attempt < attempts) await Bun.sleep(retryDelayMs * 2 ** (attempt - 1));
    }
    counts.failed++;
  }

  function report(exception: ExceptionReport): void {
    if (pending.size >= maxQueue) {
      counts.dropped++;
      return;
    }
    const delivery = deliver(exception).finally(() => pending.delete(delivery));
    pending.add(delivery);
  }

  return {
    report,
    reportError(error, extra = {}) {
      report(
        exceptionFromError(error, {
          service: options.service,
          release: options.version,
          kind: extra.kind,
          url: extra.route,
        }),
      );
    },
    reportClientError(client) {
      const team = client.module?.split("/")[0]?.toLowerCase();
      const service = team && /^[a-z][a-z0-9-]{0,40}$/.test(team) ? team : "shell";
      const release =
        (team && client.releases?.[team]) ||
        client.releases?.shell ||
        Object.values(client.releases ?? {})[0];
      report({
        kind: "browser",
        service,
        release: (release || "unknown").slice(0, 64),
        type: (client.kind || "Error").slice(0, 200),
        message: (client.message || "(no message)").slice(0, MAX_MESSAGE),
        stack: (client.stack ?? (client.source ? `Error\n    at ${client.source}` : undefined))?.slice(
          0,
          MAX_STACK,
        ),
        url: client.page?.slice(0, 2000),
        trace_id: client.traceId && /^[0-9a-f]{32}$/.test(client.traceId) ? client.traceId : undefined,
        user_agent: client.userAgent?.slice(0, 500),
        occurred_at: new Date().toISOString(),
      });
    },
    stats: () => ({ ...counts, queued: pending.size }),
    async flush() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}

export { type ConnectOpsOptions, connectOps, type OpsConnection } from "./connect.ts";
