/**
 * The saga's clock: pending orders whose step is overdue (inventory or payments did not answer
 * in time) are cancelled with the matching reason and compensations. Several instances may sweep
 * at once: each order is locked and re-checked before it is cancelled. Each pass has a deadline:
 * one stuck on a database call that never answers is given up on and the next pass runs (safe:
 * every cancellation locks and re-checks its order).
 */

import { withDeadline } from "@tessera/chassis/bus";
import type { Db } from "@tessera/chassis/db";
import { and, asc, eq, lt } from "drizzle-orm";
import type { Logger } from "pino";
import { orders } from "../db/schema.ts";
import { cancelOrder, lockOrder } from "./orchestrator.ts";

/** Cancels every order overdue at `now`; resolves with the ids cancelled. */
export async function cancelOverdue(db: Db, now = new Date(), limit = 100): Promise<string[]> {
  const due = await db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.state, "pending"), lt(orders.deadlineAt, now)))
    .orderBy(asc(orders.deadlineAt))
    .limit(limit);
  const cancelled: string[] = [];
  for (const { id } of due) {
    const done = await db.transaction(async (tx) => {
      const order = await lockOrder(tx, id);
      if (order?.state !== "pending" || !order.deadlineAt || order.deadlineAt >= now) return false;
      await cancelOrder(tx, order, order.step === "payment" ? "payment-timeout" : "stock-timeout", now);
      return true;
    });
    if (done) cancelled.push(id);
  }
  return cancelled;
}

export interface Sweeper {
  stop(): Promise<void>;
}

/**
 * Sweeps every `intervalMs`; `afterCancel` runs with the ids after a pass that cancelled
 * something (nudges the relay, wakes the shoppers waiting on those orders).
 */
export function startSweeper(options: {
  db: Db;
  intervalMs: number;
  log: Logger;
  afterCancel?: (ids: string[]) => void;
  /** How long one pass may take before it is given up on (30 s). */
  passTimeoutMs?: number;
}): Sweeper {
  let stopped = false;
  let running: Promise<void> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const pass = async () => {
    try {
      const ids = await withDeadline(
        cancelOverdue(options.db),
        options.passTimeoutMs ?? 30_000,
        "An order sweep",
      );
      if (ids.length > 0) {
        options.log.info({ orders: ids }, "cancelled overdue orders");
        options.afterCancel?.(ids);
      }
    } catch (error) {
      options.log.warn({ err: error }, "order sweep failed; will retry");
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = pass().finally(schedule);
    }, options.intervalMs);
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
