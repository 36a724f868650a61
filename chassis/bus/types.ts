/** The bus interface every implementation provides (NATS JetStream, in-process). */

/** A message as a consumer receives it. */
export interface BusMessage {
  /** The publisher's message id (the outbox id): the key for de-duplication and idempotency. */
  id: string;
  /** The logical subject, without the deployment's prefix (e.g. `catalog.product-changed`). */
  subject: string;
  data: unknown;
  headers: Record<string, string>;
  /** 1 on first delivery, more on redelivery. */
  deliveryCount: number;
}

export interface PublishOptions {
  /** A stable id: a second publish with the same id inside the duplicate window is dropped. */
  id: string;
  headers?: Record<string, string>;
}

export interface PublishResult {
  duplicate: boolean;
}

export interface ConsumeOptions {
  /** The durable consumer's name: deliveries resume where it stopped. */
  durable: string;
  /** Logical subject filter (`catalog.product-changed`, or `catalog.>`). */
  subject: string;
  /** Deliveries before a message is given up (dead-lettered in later versions). */
  maxDeliver?: number;
  /** Resolve to acknowledge; throw to have the message redelivered later. */
  handler: (message: BusMessage) => Promise<void>;
}

export interface Subscription {
  stop(): Promise<void>;
}

export interface Bus {
  readonly kind: "nats" | "in-process";
  publish(subject: string, data: unknown, options: PublishOptions): Promise<PublishResult>;
  consume(options: ConsumeOptions): Promise<Subscription>;
  /** Rejects when the bus cannot be reached (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Redelivery delay for the n-th attempt: 100 ms doubling up to 10 s. */
export function redeliveryDelay(deliveryCount: number): number {
  return Math.min(100 * 2 ** Math.max(0, deliveryCount - 1), 10_000);
}
