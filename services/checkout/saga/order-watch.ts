/**
 * Waking the shoppers who wait on their order: place-order waits (bounded) for the saga to end,
 * and whatever moves an order in this process — a reply applied, a sweep — says so here, so the
 * answer goes out as soon as the order is final instead of at the next poll. Another instance may
 * apply the reply, so a waiter also looks again on its own every `fallbackMs`. Whoever moved the
 * order may hand the row as it committed it, so the waiter needs not read it again.
 */

import type { Order } from "../db/schema.ts";

export interface OrderWatch {
  /** Wakes whoever waits on `orderId`, with the order as committed when known (else it is re-read). */
  changed(orderId: string, order?: Order): void;
  /** Resolves at the next change of `orderId` (with the order when the change told it), or after `ms`. */
  next(orderId: string, ms: number): Promise<Order | undefined>;
}

export function createOrderWatch(): OrderWatch {
  const waiting = new Map<string, Set<(order?: Order) => void>>();
  return {
    changed(orderId, order) {
      const wakers = waiting.get(orderId);
      if (!wakers) return;
      waiting.delete(orderId);
      for (const wake of wakers) wake(order);
    },
    next(orderId, ms) {
      return new Promise<Order | undefined>((resolve) => {
        let wakers = waiting.get(orderId);
        if (!wakers) {
          wakers = new Set();
          waiting.set(orderId, wakers);
        }
        const set = wakers;
        const wake = (order?: Order) => {
          clearTimeout(timer);
          set.delete(wake);
          if (set.size === 0 && waiting.get(orderId) === set) waiting.delete(orderId);
          resolve(order);
        };
        const timer = setTimeout(() => wake(), ms);
        set.add(wake);
      });
    },
  };
}
