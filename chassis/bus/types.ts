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
  /**
   * The trace context to continue, as headers carry it (`traceparent`, `tracestate`), instead of
   * the active one: the outbox relay publishing a row in the trace it was written in.
   */
  traceContext?: Record<string, string>;
}

/**
 * Data already serialised as JSON text, published as it is: the outbox relay reads a row's
 * payload as text, so it is not parsed only to be serialised again. Every bus takes it as `data`;
 * consumers receive the parsed value, as for any other data.
 */
export class RawJson {
  constructor(readonly text: string) {}
}

/** `data` as the JSON text that goes on the wire. */
export function jsonText(data: unknown): string {
  return data instanceof RawJson ? data.text : JSON.stringify(data);
}

export interface PublishResult {
  duplicate: boolean;
}

export interface ConsumeOptions {
  /** The durable consumer's name: deliveries resume where it stopped. */
  durable: string;
  /** Logical subject filter (`catalog.product-changed`, or `catalog.>`). */
  subject: string;
  /** Deliveries before a failing message goes to the dead-letter stream (10). */
  maxDeliver?: number;
  /** Delay before the next delivery after the n-th failed one ({@link redeliveryDelay}). */
  backoff?: (deliveryCount: number) => number;
  /** How long a delivery may stay unacknowledged before it is given to another consumer (30 s). */
  ackWaitMs?: number;
  /**
   * How long one handler call may run ({@link handlerDeadline}: 5 s less than the ack wait):
   * past it the delivery counts as failed and the message is redelivered after its backoff, so
   * one call that hangs (a database connection that never answers) never stops the consumer.
   * The late call is not cancelled: handlers are idempotent (consumeOnce), so whichever commits
   * first wins and the other finds the message id already applied.
   */
  handlerTimeoutMs?: number;
  /**
   * Messages handled at once by this consumer (1: one at a time, in order). More only where
   * messages are independent of each other (each saga command or reply locks its own rows).
   */
  concurrency?: number;
  /**
   * Resolve to acknowledge; throw to have the message redelivered later; throw
   * {@link MessageRejected} to send it to the dead-letter stream at once.
   */
  handler: (message: BusMessage) => Promise<void>;
}

export interface Subscription {
  stop(): Promise<void>;
}

/** A message a consumer gave up on, kept for an operator to inspect, replay or delete. */
export interface DeadLetter {
  /** The dead letter's own id (what replay and delete take). */
  id: string;
  /** The durable consumer that gave up. */
  consumer: string;
  /** Why: the handler's last error, or the schema's complaint. */
  reason: string;
  /** The original message. */
  subject: string;
  messageId: string;
  headers: Record<string, string>;
  data: unknown;
  /** Deliveries made before giving up. */
  deliveryCount: number;
  /** When it was dead-lettered (ISO 8601). */
  deadAt: string;
}

export interface DeadLetterFilter {
  consumer?: string;
  /** At most this many, oldest first (100). */
  limit?: number;
}

/** The dead-letter stream of a bus, for operators. */
export interface DeadLetters {
  list(filter?: DeadLetterFilter): Promise<DeadLetter[]>;
  get(id: string): Promise<DeadLetter | undefined>;
  /** Publishes the message again to its subject for its consumer only, then removes the dead letter. */
  replay(id: string): Promise<DeadLetter | undefined>;
  delete(id: string): Promise<boolean>;
}

export interface Bus {
  readonly kind: "nats" | "in-process";
  publish(subject: string, data: unknown, options: PublishOptions): Promise<PublishResult>;
  consume(options: ConsumeOptions): Promise<Subscription>;
  readonly deadLetters: DeadLetters;
  /** Rejects when the bus cannot be reached (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Thrown by a handler for a message that can never succeed (it does not match the event's
 * schema): the bus dead-letters it at once with this reason instead of redelivering it.
 */
export class MessageRejected extends Error {
  override name = "MessageRejected";
}

/** Redelivery delay after the n-th failed delivery: 100 ms doubling up to 10 s. */
export function redeliveryDelay(deliveryCount: number): number {
  return Math.min(100 * 2 ** Math.max(0, deliveryCount - 1), 10_000);
}

/** A handler's deadline: `handlerTimeoutMs`, else 5 s less than the ack wait (at least 1 s). */
export function handlerDeadline(options: { handlerTimeoutMs?: number; ackWaitMs?: number }): number {
  return options.handlerTimeoutMs ?? Math.max(1000, (options.ackWaitMs ?? BUS_DEFAULTS.ackWaitMs) - 5000);
}

/** Defaults shared by the implementations. */
export const BUS_DEFAULTS = {
  maxDeliver: 10,
  ackWaitMs: 30_000,
  /** Publishes with a known id inside this window are dropped (JetStream's duplicate window). */
  duplicateWindowMs: 2 * 60_000,
  /**
   * How long a stream keeps messages; 0 is for ever. New durable consumers start from a stream's
   * beginning and read models are rebuilt by replaying it, so the default keeps everything.
   */
  retentionMs: 0,
} as const;

/** Headers the bus itself sets on a replayed message. */
export const REPLAY_HEADERS = {
  /** The original message id (a replay travels under a new wire id, so dedup does not drop it). */
  messageId: "Tessera-Message-Id",
  /** Only this durable consumer handles the replay; the others skip it. */
  replayFor: "Tessera-Replay-For",
} as const;
