/**
 * Deadlines for work that must never wait for ever: a consumer's handler, an outbox relay pass,
 * a saga sweep. The work itself is not cancelled (a promise cannot be); the caller stops waiting
 * for it and goes on — safe wherever the work is idempotent (consumeOnce, message-id
 * de-duplication, row locks re-checked), which is why the bus, the relay and the sweeper use it.
 */

/** Thrown when work outlived its deadline. */
export class DeadlineExceeded extends Error {
  override name = "DeadlineExceeded";
}

/** Resolves or rejects as `work` does, or rejects with {@link DeadlineExceeded} after `ms`. */
export async function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceeded(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
