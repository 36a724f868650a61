/**
 * How many fragment fetches wait for their headers at once. Bun's `fetch` keeps at most 64 idle
 * keep-alive connections per process (oven-sh/bun#42608, not configurable): when more fetches
 * than that finish together, the extra connections are closed and the next fetches open new ones.
 * A burst of 150 concurrent 1 KB fetches then costs about twice the CPU per fetch of a burst of 50
 * (measured on Bun 1.4.5: ~45 µs against ~21 µs when at most 60 are in flight). So fragment
 * fetches take one of `size` slots until their headers arrive; one still waiting after `holdMs`
 * gives its slot up, so a slow fragment never holds the fast ones back for longer than that.
 */
export type FetchSlots = <T>(fetch: () => Promise<T>) => Promise<T>;

export function createFetchSlots(size: number, holdMs: number): FetchSlots {
  if (!Number.isInteger(size) || size < 1)
    throw new Error(`fetch slots: size must be a whole number ≥ 1, not ${size}`);
  let free = size;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else free++;
  };
  return async (fetch) => {
    if (free > 0) free--;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    let held = true;
    const giveUp = () => {
      if (!held) return;
      held = false;
      release();
    };
    const timer = setTimeout(giveUp, holdMs);
    try {
      return await fetch();
    } finally {
      clearTimeout(timer);
      giveUp();
    }
  };
}
