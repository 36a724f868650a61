/**
 * Transactional messaging: the outbox (an event written with the change it announces, published
 * by a relay) and the idempotent consumer (an effect applied once per message id).
 *
 * @example
 * await db.transaction(async (tx) => {
 *   await tx.update(products).set({ price }).where(eq(products.sku, sku));
 *   await enqueue(tx, "catalog.product-changed", event);
 * });
 */
export { consumeOnce } from "./consume-once.ts";
export { enqueue } from "./enqueue.ts";
export { type Relay, type RelayOptions, startRelay } from "./relay.ts";
export { outbox, processedMessages } from "./tables.ts";
