/**
 * The outbox relay: publishes committed outbox rows in order, with the row id as the message id
 * (JetStream drops a duplicate), and marks them published. A crash between publish and mark
 * republishes the same id, which the server drops. Rows are kept after publishing so events can
 * be republished; several relays (instances) share the work with `for update skip locked`.
 */
import { asc, eq, isNull, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { Bus } from "../bus/index.ts";
import type { Db } from "../db/index.ts";
import { silentLogger } from "../log/index.ts";
import { context, extractTraceContext, type Tracer, withSpan, withTracer } from "../trace/index.ts";
import { outbox } from "./tables.ts";

export interface RelayOptions {
  db: Db;
  bus: Bus;
  log?: Logger;
  tracer?: Tracer;
  /** Poll period when idle. */
  intervalMs?: number;
  batchSize?: number;
}

export interface Relay {
  /** Publishes everything pending now; resolves with the number published. */
  flush(): Promise<number>;
  /** Asks for a flush soon (after a commit) without waiting. */
  nudge(): void;
  stop(): Promise<void>;
}

/** Starts the relay loop. */
export function startRelay(options: RelayOptions): Relay {
  const log = options.log ?? silentLogger;
  const batchSize = options.batchSize ?? 100;
  let stopped = false;
  let running: Promise<number> | undefined;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function publishBatch(): Promise<number> {
    return options.db.transaction(async (tx) => {
      const rows = await tx
        .select()
        .from(outbox)
        .where(isNull(outbox.publishedAt))
        .orderBy(asc(outbox.createdAt), asc(outbox.id))
        .limit(batchSize)
        .for("update", { skipLocked: true });
      let published = 0;
      for (const row of rows) {
        const parent = extractTraceContext(row.headers, context.active());
        const ctx = options.tracer ? withTracer(options.tracer, parent) : parent;
        try {
          await context.with(ctx, () =>
            withSpan(`outbox relay ${row.subject}`, () =>
              options.bus.publish(row.subject, row.payload, { id: row.id, headers: {} }),
            ),
          );
          await tx
            .update(outbox)
            .set({ publishedAt: new Date(), attempts: sql`${outbox.attempts} + 1` })
            .where(eq(outbox.id, row.id));
          published++;
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          log.warn(
            { err: error, outbox_id: row.id, subject: row.subject },
            "outbox publish failed; will retry",
          );
          await tx
            .update(outbox)
            .set({ attempts: sql`${outbox.attempts} + 1`, lastError: message })
            .where(eq(outbox.id, row.id));
          break; // keep order: stop at the first failure
        }
      }
      return published;
    });
  }

  async function flush(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let total = 0;
      do {
        again = false;
        for (;;) {
          const n = await publishBatch();
          total += n;
          if (n < batchSize) break;
        }
      } while (again && !stopped);
      return total;
    })().finally(() => {
      running = undefined;
    });
    return running;
  }

  function schedule(delay: number): void {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(async () => {
      await flush().catch((error) => log.warn({ err: error }, "outbox relay pass failed"));
      schedule(options.intervalMs ?? 500);
    }, delay);
  }
  schedule(0);

  return {
    flush,
    nudge: () => schedule(0),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => {});
    },
  };
}
