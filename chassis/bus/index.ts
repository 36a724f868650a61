/**
 * Messaging between services: one {@link Bus} interface, two implementations — NATS JetStream
 * (distributed mode, chosen by setting `NATS_URL`) and an in-process one (embedded mode, durable
 * through each service's database) — and the dead-letter stream operators work with.
 *
 * @example
 * await bus.publish("catalog.product-changed", event, { id: outboxId });
 * await bus.consume({ durable: "explore-products", subject: "catalog.product-changed", handler });
 * app.route("/ops/dead-letters", deadLetterRoutes(bus));
 */
export { deadLetterRoutes, deleteDeadLetter, listDeadLetters, replayDeadLetter } from "./dead-letters.ts";
export { DeadlineExceeded, withDeadline } from "./deadline.ts";
export {
  type ConnectOptions,
  createInProcessBus,
  forService,
  type InProcessBus,
  type InProcessBusOptions,
} from "./in-process/index.ts";
export { connectNatsBus, type NatsBusOptions } from "./nats/index.ts";
export { subjectMatches } from "./subjects.ts";
export * from "./types.ts";
