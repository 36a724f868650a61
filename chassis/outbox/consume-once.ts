/** The idempotent consumer: a message's effect and its id are written in one transaction. */

import type { BusMessage } from "../bus/index.ts";
import type { Db, Tx } from "../db/index.ts";
import { processedMessages } from "./tables.ts";

/**
 * Applies `effect` once per message id for this consumer: records the id and runs the effect in
 * one transaction; a message seen before is skipped (returns false). A failing effect records
 * nothing, so the redelivery tries again.
 */
export async function consumeOnce(
  db: Db,
  consumer: string,
  message: BusMessage,
  effect: (tx: Tx) => Promise<void>,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(processedMessages)
      .values({ consumer, messageId: message.id })
      .onConflictDoNothing()
      .returning({ id: processedMessages.messageId });
    if (inserted.length === 0) return false;
    await effect(tx);
    return true;
  });
}
