/**
 * The loop that hands a pull consumer's messages to their handler, and the settling of each
 * message (ack, nak, term), both built so that nothing in them can reject unobserved: a
 * connection closed under a consumer (NATS restarted for good, the service shutting down) makes
 * `ack`/`nak`/`term` throw synchronously, and a rejection nobody handles ends a Bun process with
 * exit code 1. A message that could not be settled is redelivered by the server once its ack wait
 * runs out, which every handler tolerates (each effect is applied once per message id).
 */
import type { JsMsg } from "@nats-io/jetstream";

/** What becomes of a message once handled. */
export type Settlement = { ack: true } | { nak: number } | { term: string };

/**
 * Acks, naks (redelivered after the delay) or terminates `m`; resolves false instead of throwing
 * when the connection cannot take it (the server then redelivers after the ack wait).
 */
export function settle(m: Pick<JsMsg, "ack" | "nak" | "term">, settlement: Settlement): boolean {
  try {
    if ("ack" in settlement) m.ack();
    else if ("nak" in settlement) m.nak(settlement.nak);
    else m.term(settlement.term);
    return true;
  } catch {
    return false;
  }
}

/**
 * Hands each message of `messages` to `handle`, at most `concurrency` at once (one at a time for
 * 1: in order), until the iterator ends; then waits for the handlers still running. Resolves in
 * every case: a handler that throws (it should settle its message itself) or an iterator that
 * fails ends nothing but, for the iterator, the loop — `onError` hears of it.
 */
export async function consumeLoop<M>(
  messages: AsyncIterable<M>,
  concurrency: number,
  handle: (m: M) => Promise<void>,
  onError: (error: unknown) => void = () => {},
): Promise<void> {
  const guarded = (m: M): Promise<void> => {
    try {
      return handle(m).catch(onError);
    } catch (error) {
      onError(error); // a handler that threw before its first await
      return Promise.resolve();
    }
  };
  // a count and one waiter, not a race over every handler in flight: that added a reaction to
  // each of them per message once the consumer was full (O(concurrency) per message)
  let running = 0;
  let slot: (() => void) | undefined;
  const done = () => {
    running--;
    const wake = slot;
    slot = undefined;
    wake?.();
  };
  const freed = () =>
    new Promise<void>((resolve) => {
      slot = resolve;
    });
  try {
    for await (const m of messages) {
      if (concurrency <= 1) {
        await guarded(m);
        continue;
      }
      running++;
      guarded(m).then(done, done);
      if (running >= concurrency) await freed();
    }
  } catch (error) {
    onError(error);
  }
  while (running > 0) await freed();
}
