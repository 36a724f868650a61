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
 *
 * On NATS a batch is published at once (JetStream keeps the order of one connection's publishes)
 * and marked in one statement; the rows up to the first failure are marked, the rest retried (a
 * row published after the failure comes again under its id: dropped as a duplicate). On
 * PostgreSQL a pass is two round trips on a connection of its own — `begin` with the locked read,
 * the mark with `commit` — instead of four; the statements are plain SQL, not drizzle's builder. Each pass
 * (one batch) has a deadline: a pass stuck on a call that never answers is given up on and the
 * next pass starts, so the relay never stops for good.
 *
 * A row's payload is read as text (`payload::text`) and published as it is ({@link RawJson}), not
 * parsed by `pg` only to be serialised again; its trace context goes with the publish
 * (`traceContext`), so no context is entered per row when no span would be exported.
 */
import { and, eq, gte, isNotNull, lt } from "drizzle-orm";
import type pg from "pg";
import type { Logger } from "pino";
import { type Bus, RawJson, withDeadline } from "../bus/index.ts";
import { type Db, type Executor, plainQuery, postgresPool } from "../db/index.ts";
import { silentLogger } from "../log/index.ts";
import {
  activeTracer,
  context,
  extractTraceContext,
  isExporting,
  type Tracer,
  withSpan,
  withTracer,
} from "../trace/index.ts";
import { outbox } from "./tables.ts";

export interface RelayOptions {
  db: Db;
  bus: Bus;
  log?: Logger;
  tracer?: Tracer;
  /** Poll period when idle. */
  intervalMs?: number;
  /**
   * Rows a pass reads at most (400): one pass runs at a time, so under load its fixed cost (two
   * round trips, the PubAcks' wait) is spread over more rows. Raised from 100 together with the
   * saga consumers' concurrency (see checkout's `SAGA_CONCURRENCY`); measured together, not apart.
   */
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
  /** How long one pass (one batch: read, publish, mark) may take before it is given up on (30 s). */
  passTimeoutMs?: number;
  /**
   * How long a pass waits after the first nudge (15 ms), so that the commits of messages handled
   * at once are published in one pass, not one pass each (5 ms gave ~25 % more passes and ~10 %
   * more CPU per order in bench/faults/profile.ts, for 10 ms less latency per saga step).
   */
  nudgeDelayMs?: number;
}

/** The oldest pending rows, in the order they were written. */
const PENDING =
  "select id, subject, payload::text as payload, headers from outbox where published_at is null order by created_at, id limit $1";
/** The same, locked, skipping rows another relay holds. */
const PENDING_LOCKED = `${PENDING} for update skip locked`;
/**
 * On PostgreSQL a locked pass is two round trips: `begin` with the read, then the mark with
 * `commit` (simple-protocol statements, several in one message; the limit and the ids are written
 * into the text — the ids are UUIDs read from a `uuid` column, checked again before).
 */
const BEGIN_AND_READ = (limit: number) =>
  `begin; select id, subject, payload::text as payload, headers from outbox where published_at is null order by created_at, id limit ${limit} for update skip locked`;
const MARK_AND_COMMIT = (ids: readonly string[]) =>
  `update outbox set published_at = now(), attempts = attempts + 1 where id = any('{${ids.join(",")}}'::uuid[]); commit`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Marks rows published (one statement for a pass's rows). */
const MARK_PUBLISHED =
  "update outbox set published_at = now(), attempts = attempts + 1 where id = any($1::uuid[])";

/** A failed publish counted on its row, with the error. */
const RECORD_FAILURE = "update outbox set attempts = attempts + 1, last_error = $2 where id = $1";

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
  const batchSize = options.batchSize ?? 400;
  let stopped = false;
  let running: Promise<number> | undefined;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const lockRows = options.lockRows ?? options.bus.kind === "nats";
  const retentionMs = options.retentionMs ?? OUTBOX_RETENTION_MS;
  const pruneEveryMs = options.pruneEveryMs ?? 3_600_000;
  let lastPrune = 0;

  /** What a pass reads of a pending row: its payload as JSON text, published as it is (not parsed). */
  type Row = { id: string; subject: string; payload: string; headers: Record<string, string> };
  // the in-process bus writes each publish to the service's own database: one at a time there
  const publishAtOnce = options.bus.kind === "nats";
  const passTimeoutMs = options.passTimeoutMs ?? 30_000;

  function publishOne(row: Row): Promise<unknown> {
    const data = new RawJson(row.payload);
    // no relay span when nobody would see it: the publish continues the row's trace all the same
    if (!isExporting(options.tracer ?? activeTracer())) {
      return options.bus.publish(row.subject, data, { id: row.id, traceContext: row.headers });
    }
    const parent = extractTraceContext(row.headers, context.active());
    const ctx = options.tracer ? withTracer(options.tracer, parent) : parent;
    const publish = () => options.bus.publish(row.subject, data, { id: row.id, headers: {} });
    return context.with(ctx, () => withSpan(`outbox relay ${row.subject}`, publish));
  }

  /** Publishes `rows` in order up to the first failure; resolves the failure (if any) and the count. */
  async function publishInOrder(rows: Row[]): Promise<{ published: number; failure?: unknown }> {
    if (publishAtOnce) {
      const outcomes = await Promise.allSettled(rows.map(publishOne));
      const failed = outcomes.findIndex((o) => o.status === "rejected");
      if (failed === -1) return { published: rows.length };
      return { published: failed, failure: (outcomes[failed] as PromiseRejectedResult).reason };
    }
    for (const [i, row] of rows.entries()) {
      try {
        await publishOne(row);
      } catch (failure) {
        return { published: i, failure };
      }
    }
    return { published: rows.length };
  }

  async function publishRows(db: Executor, rows: Row[]): Promise<number> {
    if (rows.length === 0) return 0;
    const { published, failure } = await publishInOrder(rows);
    if (published > 0) {
      await plainQuery(db, MARK_PUBLISHED, [rows.slice(0, published).map((r) => r.id)]);
    }
    const row = rows[published];
    if (failure !== undefined && row) await plainQuery(db, RECORD_FAILURE, [row.id, failed(row, failure)]);
    return published;
  }

  const pool = postgresPool(options.db);

  /** A locked pass on a pooled PostgreSQL connection in two round trips (see {@link BEGIN_AND_READ}). */
  async function publishPooled(pool: pg.Pool): Promise<number> {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      const [, read] = (await client.query(BEGIN_AND_READ(batchSize))) as unknown as pg.QueryResult<Row>[];
      const rows = read?.rows ?? [];
      const { published, failure } = await publishInOrder(rows);
      const done = rows.slice(0, published).map((r) => r.id);
      const row = rows[published];
      if (failure !== undefined && row)
        await client.query({ text: RECORD_FAILURE }, [row.id, failed(row, failure)]);
      if (done.length === 0) await client.query("commit");
      else if (done.every((id) => UUID.test(id))) await client.query(MARK_AND_COMMIT(done));
      else {
        await client.query({ text: MARK_PUBLISHED }, [done]);
        await client.query("commit");
      }
      return published;
    } catch (error) {
      await client.query("rollback").catch((e: Error) => {
        broken = e; // the connection is gone: the pool must not lend it again
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /** Logs a row's failed publish; the error as its row records it ({@link RECORD_FAILURE}). */
  function failed(row: Row, failure: unknown): string {
    log.warn({ err: failure, outbox_id: row.id, subject: row.subject }, "outbox publish failed; will retry");
    return failure instanceof Error ? failure.message : String(failure);
  }

  async function publishBatch(): Promise<number> {
    if (!lockRows) return publishRows(options.db, await plainQuery<Row>(options.db, PENDING, [batchSize]));
    if (pool) return publishPooled(pool);
    return options.db.transaction(async (tx) =>
      publishRows(tx, await plainQuery<Row>(tx, PENDING_LOCKED, [batchSize])),
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
          const n = await withDeadline(publishBatch(), passTimeoutMs, "An outbox relay pass");
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

  const nudgeDelayMs = options.nudgeDelayMs ?? 15;
  let nudged = false;
  function schedule(delay: number): void {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(async () => {
      nudged = false;
      await flush().catch((error) => log.warn({ err: error }, "outbox relay pass failed"));
      if (Date.now() - lastPrune >= pruneEveryMs) {
        await prune().catch((error) => log.warn({ err: error }, "outbox prune failed"));
      }
      // a nudge that came during this pass still gets its pass soon
      schedule(nudged ? nudgeDelayMs : (options.intervalMs ?? 500));
    }, delay);
  }
  schedule(0);

  return {
    flush,
    // the first nudge sets the pass off; those before it starts ride along (never postponing it)
    nudge: () => {
      if (nudged) return;
      nudged = true;
      schedule(nudgeDelayMs);
    },
    prune,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => {});
    },
  };
}
