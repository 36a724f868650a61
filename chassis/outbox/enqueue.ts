/** Writing an event into the outbox, inside the caller's transaction. */

import type { Executor } from "../db/index.ts";
import { injectTraceHeaders } from "../trace/index.ts";
import { outbox } from "./tables.ts";

/**
 * Adds an event to the outbox in the caller's transaction; the relay publishes it after commit.
 * The active trace context goes with it, so consumers continue the trace of the change.
 * Returns the event's id (also its message id on the bus).
 */
export async function enqueue(tx: Executor, subject: string, payload: unknown): Promise<string> {
  const id = crypto.randomUUID();
  await tx.insert(outbox).values({ id, subject, payload, headers: injectTraceHeaders({}) });
  return id;
}
