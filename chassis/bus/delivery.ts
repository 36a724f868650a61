/**
 * What every bus does around a delivery, whichever the transport: which message id the consumer
 * sees, whether a replay is for this consumer, and what follows a failed delivery.
 */
import {
  BUS_DEFAULTS,
  type ConsumeOptions,
  type DeadLetter,
  MessageRejected,
  REPLAY_HEADERS,
  redeliveryDelay,
} from "./types.ts";

/** The id a consumer sees: the original id of a replay, else the id it was published with. */
export function messageIdOf(headers: Record<string, string>, wireId: string): string {
  return headers[REPLAY_HEADERS.messageId] ?? wireId;
}

/** True when the message is a replay addressed to another durable consumer (skip it, acknowledged). */
export function isReplayForOther(headers: Record<string, string>, durable: string): boolean {
  const target = headers[REPLAY_HEADERS.replayFor];
  return target !== undefined && target !== durable;
}

/** After a failed delivery: dead-letter it (with the reason) or retry it after a delay. */
export type Outcome = { deadLetter: string } | { retryInMs: number };

export function afterFailure(error: unknown, deliveryCount: number, options: ConsumeOptions): Outcome {
  const reason = error instanceof Error ? error.message : String(error);
  if (error instanceof MessageRejected) return { deadLetter: `rejected: ${reason}` };
  const maxDeliver = options.maxDeliver ?? BUS_DEFAULTS.maxDeliver;
  if (deliveryCount >= maxDeliver) {
    return {
      deadLetter: `failed ${deliveryCount} deliveries (maxDeliver ${maxDeliver}); last error: ${reason}`,
    };
  }
  return { retryInMs: (options.backoff ?? redeliveryDelay)(deliveryCount) };
}

/** A message already delivered `maxDeliver` times without an answer (its consumer died each time). */
export function exhausted(deliveryCount: number, options: ConsumeOptions): string | undefined {
  const maxDeliver = options.maxDeliver ?? BUS_DEFAULTS.maxDeliver;
  if (deliveryCount <= maxDeliver) return undefined;
  return `delivered ${deliveryCount - 1} times without an acknowledgement (maxDeliver ${maxDeliver})`;
}

/** The headers and wire id a replay is published with. */
export function replayOf(dead: DeadLetter): { wireId: string; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(dead.headers)) {
    if (!key.startsWith("Nats-") && !key.startsWith("Tessera-")) headers[key] = value;
  }
  headers[REPLAY_HEADERS.messageId] = dead.messageId;
  headers[REPLAY_HEADERS.replayFor] = dead.consumer;
  return { wireId: `${dead.messageId}.replay.${dead.id}`, headers };
}
