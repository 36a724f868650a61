/**
 * Binding a fetch handler to a port, and graceful shutdown: on SIGTERM/SIGINT stop accepting,
 * let in-flight requests finish, then run the closers (flush, close the bus and the database).
 *
 * @example
 * const server = serve({ fetch: app.fetch, port: 3001, hostname: "127.0.0.1" });
 * onShutdownSignal(async () => { await server.stop(); await db.close(); });
 */
import type { Logger } from "pino";
import { logWritten } from "../log/index.ts";

export { freePort, isWorker, type Supervisor, superviseWorkers, WORKER_ENV, workerCount } from "./workers.ts";

export interface ServeOptions {
  fetch: (request: Request) => Response | Promise<Response>;
  port: number;
  hostname: string;
  /**
   * Bind with SO_REUSEPORT (Linux): several processes listen on the same port and the kernel
   * spreads connections across them (see `workers.ts`).
   */
  reusePort?: boolean;
}

export interface Server {
  url: string;
  port: number;
  /** Stops accepting and resolves when every in-flight request has finished. */
  stop(): Promise<void>;
}

/** Listens on `hostname:port` (0 picks a free port). */
export function serve(options: ServeOptions): Server {
  const server = Bun.serve({
    fetch: options.fetch,
    port: options.port,
    hostname: options.hostname,
    reusePort: options.reusePort ?? false,
    idleTimeout: 60,
    error: () => new Response("Internal error", { status: 500 }),
  });
  const port = server.port ?? options.port;
  const host = options.hostname === "0.0.0.0" || options.hostname === "::" ? "127.0.0.1" : options.hostname;
  return {
    url: `http://${host}:${port}`,
    port,
    stop: async () => {
      await server.stop(false);
    },
  };
}

/**
 * Runs `shutdown` once on the first SIGTERM or SIGINT, then exits (0, or 1 when it fails); a
 * second signal exits at once, and a shutdown that outlasts `timeoutMs` is given up on (exit 1).
 */
export function onShutdownSignal(shutdown: () => Promise<void>, log?: Logger, timeoutMs = 10_000): void {
  let stopping = false;
  let settled = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(130);
    stopping = true;
    log?.info({ signal }, "shutting down: draining requests");
    /** Says how it ended, and exits once that line is out (`process.exit` right after it could lose it). */
    const settle = (code: number, line: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      line();
      void (log ? logWritten(log) : Promise.resolve()).then(() => process.exit(code));
    };
    const deadline = setTimeout(() => {
      settle(1, () => log?.error({ timeout_ms: timeoutMs }, "shutdown took too long; exiting"));
    }, timeoutMs);
    shutdown().then(
      () => settle(0, () => log?.info("stopped")),
      (error) => settle(1, () => log?.error({ err: error }, "shutdown failed")),
    );
  };
  process.once("SIGTERM", handler);
  process.once("SIGINT", handler);
}

/** Prints why a process could not start (a config error says which variable) and exits non-zero. */
export function exitOnStartFailure(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`\n${message}\n\n`);
  process.exit(error instanceof Error && error.name === "ConfigError" ? 78 : 1);
}
