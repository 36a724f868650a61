/**
 * Transactional messaging: the outbox (an event written with the change it announces, published
 * by a relay, kept for a retention period so it can be republished) and the idempotent consumer
 * (an effect applied once per message id, behind a typed `subscribe`).
 *
 * @example
 * await db.transaction(async (tx) => {
 *   await tx.update(products).set({ price }).where(eq(products.sku, sku));
 *   await enqueue(tx, "catalog.product-changed", event);
 * });
 */
export { type Applied, type BatchedApplyOptions, batchedApplyOnce } from "./batch.ts";
export { consumeOnce } from "./consume-once.ts";
export { enqueue, enqueueAll, type OutgoingMessage, outboxInsert, traceHeaders } from "./enqueue.ts";
export { pruneOutbox, type Relay, type RelayOptions, republish, startRelay } from "./relay.ts";
export { applyOnce, parseMessage, type SubscribeOptions, subscribe } from "./subscribe.ts";
export { outbox, processedMessages } from "./tables.ts";
