/** The idempotent consumer: a message's effect and its id are written in one transaction. */

import type { BusMessage } from "../bus/index.ts";
import { type Db, plainQuery, type Tx } from "../db/index.ts";

/** Records several message ids for a consumer at once; returns those that are new. */
export const RECORD_MESSAGE_IDS =
  "insert into processed_messages (consumer, message_id) select $1, unnest($2::text[]) on conflict do nothing returning message_id";

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
    const inserted = await plainQuery(tx, RECORD_MESSAGE_IDS, [consumer, [message.id]]);
    if (inserted.length === 0) return false;
    await effect(tx);
    return true;
  });
}
