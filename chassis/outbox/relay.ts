/**
 * The outbox relay: publishes committed outbox rows in order, with the row id as the message id
 * (the bus drops a duplicate), and marks them published. A crash between commit and publish
 * leaves the row pending for the next relay; a crash between publish and mark republishes the
 * same id, which the bus drops. Several relays (instances on PostgreSQL with NATS) share the work
 * with `for update skip locked`.
 *
 * Published rows are kept for a retention period (7 days) and then pruned: a broker that lost
 * acknowledged writes (JetStream fsyncs on an interval unless `sync_interval: always`), a consumer
 * restored from a backup, or a read model rebuilt from scratch can have the events published
 * again with {@link republish} — under their original ids, so idempotent consumers skip what they
 * already applied.
 */
import { and, asc, eq, gte, isNotNull, isNull, lt, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { Bus } from "../bus/index.ts";
import type { Db, Executor } from "../db/index.ts";
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
  /**
   * Hold the rows locked (`for update skip locked`) while publishing, so relays of several
   * instances share the work. On by default for NATS; off for the in-process bus, whose
   * publish writes to the service's own database (an embedded PGlite would wait on the lock).
   */
  lockRows?: boolean;
  /** How long published rows are kept before they are pruned (7 days). */
  retentionMs?: number;
  /** How often the relay prunes (hourly). */
  pruneEveryMs?: number;
}

/** Published outbox rows are kept this long by default. */
export const OUTBOX_RETENTION_MS = 7 * 24 * 3_600_000;

/** Deletes the rows published more than `retentionMs` ago; never a pending row. Resolves the count. */
export async function pruneOutbox(db: Db, retentionMs = OUTBOX_RETENTION_MS): Promise<number> {
  const gone = await db
    .delete(outbox)
    .where(and(isNotNull(outbox.publishedAt), lt(outbox.publishedAt, new Date(Date.now() - retentionMs))))
    .returning({ id: outbox.id });
  return gone.length;
}

/**
 * Marks the rows published since `since` (optionally one subject's) as pending again, so the
 * relay publishes them once more under their original ids. Resolves the count.
 */
export async function republish(db: Db, options: { since: Date; subject?: string }): Promise<number> {
  const rows = await db
    .update(outbox)
    .set({ publishedAt: null })
    .where(
      and(
        gte(outbox.publishedAt, options.since),
        options.subject === undefined ? undefined : eq(outbox.subject, options.subject),
      ),
    )
    .returning({ id: outbox.id });
  return rows.length;
}

export interface Relay {
  /** Publishes everything pending now; resolves with the number published. */
  flush(): Promise<number>;
  /** Asks for a flush soon (after a commit) without waiting. */
  nudge(): void;
  /** Prunes the rows past the retention period now; resolves the count. */
  prune(): Promise<number>;
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

  const lockRows = options.lockRows ?? options.bus.kind === "nats";
  const retentionMs = options.retentionMs ?? OUTBOX_RETENTION_MS;
  const pruneEveryMs = options.pruneEveryMs ?? 3_600_000;
  let lastPrune = 0;

  async function publishRows(db: Executor, rows: (typeof outbox.$inferSelect)[]): Promise<number> {
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
        await db
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
        await db
          .update(outbox)
          .set({ attempts: sql`${outbox.attempts} + 1`, lastError: message })
          .where(eq(outbox.id, row.id));
        break; // keep order: stop at the first failure
      }
    }
    return published;
  }

  async function publishBatch(): Promise<number> {
    const pending = (db: Executor) =>
      db
        .select()
        .from(outbox)
        .where(isNull(outbox.publishedAt))
        .orderBy(asc(outbox.createdAt), asc(outbox.id))
        .limit(batchSize);
    if (!lockRows) return publishRows(options.db, await pending(options.db));
    return options.db.transaction(async (tx) =>
      publishRows(tx, await pending(tx).for("update", { skipLocked: true })),
    );
  }

  async function prune(): Promise<number> {
    lastPrune = Date.now();
    return pruneOutbox(options.db, retentionMs);
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
      if (Date.now() - lastPrune >= pruneEveryMs) {
        await prune().catch((error) => log.warn({ err: error }, "outbox prune failed"));
      }
      schedule(options.intervalMs ?? 500);
    }, delay);
  }
  schedule(0);

  return {
    flush,
    nudge: () => schedule(0),
    prune,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => {});
    },
  };
}
