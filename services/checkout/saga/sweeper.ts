/**
 * The saga's clock: pending orders whose step is overdue (inventory or payments did not answer
 * in time) are cancelled with the matching reason and compensations. Several instances may sweep
 * at once: each order is locked and re-checked before it is cancelled. Each pass has a deadline:
 * one stuck on a database call that never answers is given up on and the next pass runs (safe:
 * every cancellation locks and re-checks its order).
 */

import { withDeadline } from "@tessera/chassis/bus";
import { type Db, plainQuery } from "@tessera/chassis/db";
import type { Logger } from "pino";
import { LockedOrders } from "./locked-orders.ts";
import { cancelOrder } from "./orchestrator.ts";

/**
 * Cancels every order overdue at `now` (the `limit` most overdue); resolves with the ids
 * cancelled. The overdue orders are found without a lock, then cancelled in one transaction that
 * locks them all (in id order, as every saga transaction does) and checks each again.
 */
export async function cancelOverdue(db: Db, now = new Date(), limit = 100): Promise<string[]> {
  const due = await plainQuery<{ id: string }>(
    db,
    "select id from orders where state = 'pending' and deadline_at < $1::timestamptz order by deadline_at limit $2::int",
    [now.toISOString(), limit],
  );
  if (due.length === 0) return [];
  return db.transaction(async (tx) => {
    const locked = await LockedOrders.lock(
      tx,
      due.map((d) => d.id),
    );
    const cancelled: string[] = [];
    for (const order of locked.all()) {
      if (order.state !== "pending" || !order.deadlineAt || order.deadlineAt >= now) continue;
      cancelOrder(locked, order, order.step === "payment" ? "payment-timeout" : "stock-timeout", now);
      cancelled.push(order.id);
    }
    await locked.write(tx);
    return cancelled;
  });
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
