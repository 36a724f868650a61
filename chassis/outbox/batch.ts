/**
 * Group commit for an idempotent consumer: while one transaction applies messages, the messages
 * handed in meanwhile wait, and the next transaction applies them all — their ids recorded in one
 * statement, each effect run in turn, in the order they came, one transaction at a time. Under load
 * that is one `begin`/`commit` and one id insert for many messages instead of one per message;
 * alone, a message is applied at once in a transaction of its own ({@link consumeOnce}).
 *
 * Each message is still applied once (its id and its effect commit together) and its handler
 * resolves only after that commit, so the bus acknowledges nothing that is not written. When a
 * batch fails, its messages are applied again one by one, so only the one at fault fails (and is
 * redelivered, or dead-lettered, as it would have been alone). Each effect runs in the trace
 * context of its own message, so what it writes to the outbox continues that message's trace.
 *
 * `prepare` runs once per transaction before any effect, with every event the transaction will
 * apply (one alone, or a batch's): the place to take all the row locks the batch needs in one
 * global order, so a batch never deadlocks against another transaction. Its value is handed to
 * each effect and then to `finish`, which runs once after them (in the trace context of the last
 * message), to write what the effects gathered in as few statements as possible.
 *
 * @example
 * const apply = batchedApplyOnce(db, "checkout-stock", { parse: (m) => parseMessage(StockChangedV1, m), handle: upsertStock });
 * await bus.consume({ durable: "checkout-stock", subject, concurrency: 64, handler: async (m) => void (await apply(m)) });
 */
import type { BusMessage } from "../bus/index.ts";
import { type Db, plainQuery, type Tx } from "../db/index.ts";
import { type Context, context } from "../trace/index.ts";
import { consumeOnce, RECORD_MESSAGE_IDS } from "./consume-once.ts";

export interface BatchedApplyOptions<T, R = void, P = undefined> {
  /** The message's event; throws (`MessageRejected`) for one that cannot match, before anything waits. */
  parse: (message: BusMessage) => T;
  /** Once per transaction, before any effect, with the events it applies (not those applied before). */
  prepare?: (events: readonly T[], tx: Tx) => Promise<P>;
  /** The effect, in the transaction that also records the message id. */
  handle: (event: T, tx: Tx, message: BusMessage, prepared: P) => Promise<R>;
  /** Once per transaction, after every effect, with what `prepare` returned. */
  finish?: (prepared: P, tx: Tx) => Promise<void>;
  /** Messages per transaction at most (100). */
  maxBatch?: number;
  /**
   * How long a message that finds nothing being applied waits for others to join its transaction
   * (0: none, it is applied at once). A few milliseconds turn a steady trickle — each message
   * arriving while nothing runs, so each in a transaction of its own — into batches, at the cost
   * of that much latency; under load the batches form anyway, while a transaction runs.
   */
  gatherMs?: number;
}

/** What became of a message: applied now (with what its effect returned), or applied before. */
export type Applied<R> = { applied: true; value: R } | { applied: false };

interface Waiting<T, R> {
  message: BusMessage;
  event: T;
  ctx: Context;
  resolve: (outcome: Applied<R>) => void;
  reject: (error: unknown) => void;
}

/**
 * An applier for `consumer`: call it with each message (in the order the bus delivers them, with
 * a consumer `concurrency` above 1 so that several can wait); it resolves once the message was
 * applied and committed (`applied: true` with the effect's value), or `applied: false` when it
 * had been applied before.
 */
export function batchedApplyOnce<T, R = void, P = undefined>(
  db: Db,
  consumer: string,
  options: BatchedApplyOptions<T, R, P>,
): (message: BusMessage) => Promise<Applied<R>> {
  const maxBatch = Math.max(1, options.maxBatch ?? 100);
  const gatherMs = Math.max(0, options.gatherMs ?? 0);
  const queue: Waiting<T, R>[] = [];
  /** A drain is running or set to run (after the gather window): messages pushed now join it. */
  let draining = false;

  const one = (w: Waiting<T, R>): Promise<Applied<R>> =>
    context.with(w.ctx, async () => {
      let value: R | undefined;
      const applied = await consumeOnce(db, consumer, w.message, async (tx) => {
        const prepared = (await options.prepare?.([w.event], tx)) as P;
        value = await options.handle(w.event, tx, w.message, prepared);
        await options.finish?.(prepared, tx);
      });
      return applied ? { applied, value: value as R } : { applied };
    });

  async function together(batch: Waiting<T, R>[]): Promise<Map<Waiting<T, R>, R>> {
    return db.transaction(async (tx) => {
      const ids = [...new Set(batch.map((w) => w.message.id))];
      const inserted = await plainQuery<{ message_id: string }>(tx, RECORD_MESSAGE_IDS, [consumer, ids]);
      const fresh = new Set(inserted.map((r) => r.message_id));
      // seen before, or earlier in this batch: not applied again
      const toApply = batch.filter((w) => fresh.delete(w.message.id));
      const applied = new Map<Waiting<T, R>, R>();
      const last = toApply.at(-1);
      if (!last) return applied;
      const prepared = (await options.prepare?.(
        toApply.map((w) => w.event),
        tx,
      )) as P;
      for (const w of toApply) {
        applied.set(w, await context.with(w.ctx, () => options.handle(w.event, tx, w.message, prepared)));
      }
      const { finish } = options;
      if (finish) await context.with(last.ctx, () => finish(prepared, tx));
      return applied;
    });
  }

  async function drain(): Promise<void> {
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, maxBatch);
        if (batch.length === 1) {
          const [w] = batch as [Waiting<T, R>];
          await one(w).then(w.resolve, w.reject);
          continue;
        }
        let applied: Map<Waiting<T, R>, R>;
        try {
          applied = await together(batch);
        } catch {
          // one message may be at fault: apply each on its own, in order, so only that one fails
          for (const w of batch) await one(w).then(w.resolve, w.reject);
          continue;
        }
        for (const w of batch) {
          w.resolve(applied.has(w) ? { applied: true, value: applied.get(w) as R } : { applied: false });
        }
      }
    } finally {
      draining = false;
    }
  }

  return (message) => {
    const event = options.parse(message);
    return new Promise<Applied<R>>((resolve, reject) => {
      queue.push({ message, event, ctx: context.active(), resolve, reject });
      if (draining) return;
      draining = true;
      // the queue is full enough, or no window: at once; otherwise after the window, with those that came
      if (gatherMs === 0 || queue.length >= maxBatch) void drain();
      else setTimeout(drain, gatherMs);
    });
  };
}
