/**
 * Structured logs: pino JSON lines carrying the service, its version and the active
 * `trace_id`/`span_id`, with credentials redacted.
 *
 * @example
 * const log = createLogger({ service: "catalog", version: "1.2.0", level: "info" });
 * log.info({ sku }, "product changed");
 */
import { type DestinationStream, type Logger, pino } from "pino";
import { currentTraceIds } from "../trace/index.ts";

export { createLogShipper, type LogShipper, type LogShipperOptions, type LogShipperStats } from "./ship.ts";
export type { Logger };

/** Paths whose values never reach a log line. */
export const REDACTED_PATHS = [
  "authorization",
  "cookie",
  "password",
  "token",
  "secret",
  "*.authorization",
  "*.cookie",
  "*.password",
  "*.token",
  "*.secret",
  "headers.authorization",
  "headers.cookie",
  'headers["set-cookie"]',
  "req.headers.authorization",
  "req.headers.cookie",
];

export interface LoggerOptions {
  service: string;
  version: string;
  level?: string;
  /** Where lines go; stdout when omitted. */
  destination?: DestinationStream;
  /** A second destination every line also goes to (the ops log shipper: `createLogShipper`). */
  ship?: DestinationStream;
}

/** A pino logger for one service; every line carries the active trace context. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? "info",
      base: { service: options.service, version: options.version },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      mixin: () => currentTraceIds() ?? {},
    },
    withShipping(options.destination ?? pino.destination({ sync: false }), options.ship),
  );
}

/** The main destination, teed into the shipper when there is one. */
function withShipping(main: DestinationStream, ship: DestinationStream | undefined): DestinationStream {
  if (!ship) return main;
  return pino.multistream(
    [
      { level: "trace", stream: main },
      { level: "trace", stream: ship },
    ],
    { dedupe: false },
  );
}

/**
 * Resolves once the lines `log` has written so far have left the process, at the latest after
 * `timeoutMs`. Its stdout destination writes asynchronously, so `process.exit` right after a line
 * can lose it (a process's last words: "stopped", or why it could not stop).
 */
export function logWritten(log: Logger, timeoutMs = 1000): Promise<void> {
  const root = (log as unknown as Record<symbol, unknown>)[pino.symbols.streamSym];
  const streams = (root as { streams?: { stream: unknown }[] } | undefined)?.streams?.map(
    (s) => s.stream,
  ) ?? [root];
  const pending = streams.filter(isAsyncDestination).map(
    (stream) =>
      new Promise<void>((resolve) => {
        stream.once("drain", () => resolve());
        // an empty write goes after whatever is queued: its "drain" says all of it is out
        stream.write("");
      }),
  );
  if (pending.length === 0) return Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  return Promise.race([Promise.all(pending).then(() => {}), late]).finally(() => clearTimeout(timer));
}

/** A `pino.destination({ sync: false })` (sonic-boom): it says "drain" when it has written everything. */
function isAsyncDestination(
  stream: unknown,
): stream is { once(event: "drain", listener: () => void): void; write(chunk: string): void } {
  const s = stream as { once?: unknown; write?: unknown; flushSync?: unknown; sync?: unknown } | undefined;
  return (
    typeof s?.once === "function" &&
    typeof s.write === "function" &&
    typeof s.flushSync === "function" &&
    s.sync === false
  );
}

/** A logger that writes nothing: the default wherever a logger is optional. */
export const silentLogger: Logger = pino({ level: "silent" });

/** A destination that keeps parsed log lines in memory (tests, and log capture in one process). */
export function memoryDestination(): DestinationStream & { lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  return {
    lines,
    write(chunk: string) {
      for (const line of chunk.split("\n")) if (line.trim()) lines.push(JSON.parse(line));
    },
  };
}
