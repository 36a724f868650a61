/**
 * Waking the shoppers who wait on their order: place-order waits (bounded) for the saga to end,
 * and whatever moves an order in this process — a reply applied, a sweep — says so here, so the
 * answer goes out as soon as the order is final instead of at the next poll. Another instance may
 * apply the reply, so a waiter also looks again on its own every `fallbackMs`.
 */

export interface OrderWatch {
  /** Wakes whoever waits on `orderId` (it re-reads the order). */
  changed(orderId: string): void;
  /** Resolves at the next change of `orderId`, or after `ms`. */
  next(orderId: string, ms: number): Promise<void>;
}

export function createOrderWatch(): OrderWatch {
  const waiting = new Map<string, Set<() => void>>();
  return {
    changed(orderId) {
      const wakers = waiting.get(orderId);
      if (!wakers) return;
      waiting.delete(orderId);
      for (const wake of wakers) wake();
    },
    next(orderId, ms) {
      return new Promise<void>((resolve) => {
        let wakers = waiting.get(orderId);
        if (!wakers) {
          wakers = new Set();
          waiting.set(orderId, wakers);
        }
        const set = wakers;
        const wake = () => {
          clearTimeout(timer);
          set.delete(wake);
          if (set.size === 0 && waiting.get(orderId) === set) waiting.delete(orderId);
          resolve();
        };
        const timer = setTimeout(wake, ms);
        set.add(wake);
      });
    },
  };
}
