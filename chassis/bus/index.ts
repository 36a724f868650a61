/**
 * Messaging between services: one {@link Bus} interface, two implementations — NATS JetStream
 * (distributed mode, chosen by setting `NATS_URL`) and an in-process one (embedded mode).
 *
 * @example
 * await bus.publish("catalog.product-changed", event, { id: outboxId });
 * await bus.consume({ durable: "explore-products", subject: "catalog.product-changed", handler });
 */
export { createInProcessBus, type InProcessBusOptions } from "./in-process.ts";
export { connectNatsBus, type NatsBusOptions } from "./nats.ts";
export { subjectMatches } from "./subjects.ts";
export * from "./types.ts";
