/**
 * Log shipping: a pino destination that batches JSON lines to the ops service's
 * `POST /ingest/logs` (NDJSON). Writing never blocks and never waits on the network: lines go
 * into a bounded buffer, a timer sends them in batches, a failed batch is retried with backoff,
 * and when the buffer is full new lines are dropped and counted.
 *
 * @example
 * const shipper = createLogShipper({ url: "http://127.0.0.1:3007/ingest/logs" });
 * const log = createLogger({ service: "catalog", version: "1.0.0", ship: shipper });
 */
import type { DestinationStream } from "pino";

export interface LogShipperOptions {
  /** The ingestion endpoint (`<OPS_URL>/ingest/logs`). */
  url: string;
  /** Most lines held while ops is slow or away; further lines are dropped. */
  maxBuffer?: number;
  /** Most lines per request. */
  batchSize?: number;
  /** How often the buffer is sent. */
  intervalMs?: number;
  /** The longest wait between retries of a failing endpoint. */
  maxBackoffMs?: number;
  /** How long one request may take. */
  timeoutMs?: number;
  fetch?: (input: Request) => Promise<Response>;
}

export interface LogShipperStats {
  /** Lines the endpoint accepted. */
  shipped: number;
  /** Lines dropped because the buffer was full. */
  dropped: number;
  /** Requests that failed (each retried). */
  failures: number;
  /** Lines waiting. */
  buffered: number;
}

export interface LogShipper extends DestinationStream {
  stats(): LogShipperStats;
  /** Sends everything buffered now (one attempt per batch). */
  flush(): Promise<void>;
  /** Stops the timer after a last flush. */
  close(): Promise<void>;
}

/** A non-blocking, bounded, retrying NDJSON shipper. */
export function createLogShipper(options: LogShipperOptions): LogShipper {
  const maxBuffer = options.maxBuffer ?? 10_000;
  const batchSize = options.batchSize ?? 500;
  const intervalMs = options.intervalMs ?? 1000;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  const timeoutMs = options.timeoutMs ?? 5000;
  const send = options.fetch ?? ((request: Request) => fetch(request));
  const buffer: string[] = [];
  const stats = { shipped: 0, dropped: 0, failures: 0 };
  let inFlight: Promise<void> | undefined;
  let backoffUntil = 0;
  let consecutiveFailures = 0;
  let closed = false;

  async function sendBatch(): Promise<boolean> {
    const batch = buffer.splice(0, batchSize);
    if (batch.length === 0) return true;
    try {
      const response = await send(
        new Request(options.url, {
          method: "POST",
          headers: { "content-type": "application/x-ndjson" },
          body: `${batch.join("\n")}\n`,
          signal: AbortSignal.timeout(timeoutMs),
        }),
      );
      await response.body?.cancel().catch(() => {});
      // 4xx means these lines will never be accepted: drop them rather than retry forever
      if (response.status >= 500 || response.status === 429) throw new Error(`HTTP ${response.status}`);
      if (response.ok) stats.shipped += batch.length;
      else stats.dropped += batch.length;
      consecutiveFailures = 0;
      return true;
    } catch {
      stats.failures++;
      consecutiveFailures++;
      backoffUntil = Date.now() + Math.min(maxBackoffMs, intervalMs * 2 ** consecutiveFailures);
      // back to the front, within the bound
      const room = Math.max(0, maxBuffer - buffer.length);
      const kept = batch.slice(0, room);
      stats.dropped += batch.length - kept.length;
      buffer.unshift(...kept);
      return false;
    }
  }

  async function drain(): Promise<void> {
    while (buffer.length > 0) if (!(await sendBatch())) return;
  }

  function tick(force = false): Promise<void> {
    if (inFlight) return inFlight;
    if (!force && Date.now() < backoffUntil) return Promise.resolve();
    if (buffer.length === 0) return Promise.resolve();
    inFlight = drain().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  const timer = setInterval(() => void tick(), intervalMs);
  (timer as { unref?: () => void }).unref?.();

  return {
    write(chunk: string) {
      if (closed) return;
      for (const line of chunk.split("\n")) {
        if (!line.trim()) continue;
        if (buffer.length >= maxBuffer) stats.dropped++;
        else buffer.push(line);
      }
      if (buffer.length >= batchSize && Date.now() >= backoffUntil) void tick();
    },
    stats: () => ({ ...stats, buffered: buffer.length }),
    async flush() {
      await inFlight;
      await tick(true);
    },
    async close() {
      clearInterval(timer);
      await inFlight;
      await tick(true);
      closed = true;
    },
  };
}
