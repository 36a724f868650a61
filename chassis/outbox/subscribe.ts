/**
 * The consumer API services use: a typed, versioned event parsed with its zod schema, applied
 * once per message id (the effect and the id in one transaction), and a message that does not
 * match the schema sent to the dead-letter stream with the reason — never retried, never a crash.
 *
 * @example
 * await subscribe(bus, {
 *   durable: "explore-listings",
 *   subject: PRODUCT_CHANGED,
 *   schema: ProductChangedV1,
 *   handle: (event, tx) => tx.insert(listings).values(toRow(event)).then(() => {}),
 * }, db);
 */
import type { z } from "zod";
import {
  type Bus,
  type BusMessage,
  type ConsumeOptions,
  MessageRejected,
  type Subscription,
} from "../bus/index.ts";
import type { Db, Tx } from "../db/index.ts";
import { consumeOnce } from "./consume-once.ts";

export interface SubscribeOptions<S extends z.ZodType> extends Omit<ConsumeOptions, "handler"> {
  /** The event's schema from `contracts/events` (e.g. `ProductChangedV1`). */
  schema: S;
  /** The effect, in the transaction that also records the message id. */
  handle: (event: z.infer<S>, tx: Tx, message: BusMessage) => Promise<void>;
  /** Called after each message: applied, or skipped as seen before. */
  onDone?: (message: BusMessage, applied: boolean) => void;
}

/** The message's data parsed with `schema`; throws {@link MessageRejected} naming each bad field. */
export function parseMessage<S extends z.ZodType>(schema: S, message: BusMessage): z.infer<S> {
  const parsed = schema.safeParse(message.data);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .map((i) => `${i.path.length ? i.path.join(".") : "(message)"}: ${i.message}`)
    .join("; ");
  throw new MessageRejected(`${message.subject} ${message.id} does not match its schema: ${issues}`);
}

/** Parses and applies one message once for `consumer`; resolves false when it was applied before. */
export function applyOnce<S extends z.ZodType>(
  db: Db,
  consumer: string,
  options: Pick<SubscribeOptions<S>, "schema" | "handle">,
  message: BusMessage,
): Promise<boolean> {
  const event = parseMessage(options.schema, message);
  return consumeOnce(db, consumer, message, (tx) => options.handle(event, tx, message));
}

/** Consumes `options.subject` durably into `db`: parse, apply once, dead-letter what cannot match. */
export function subscribe<S extends z.ZodType>(
  bus: Bus,
  options: SubscribeOptions<S>,
  db: Db,
): Promise<Subscription> {
  const { schema, handle, onDone, ...consume } = options;
  return bus.consume({
    ...consume,
    handler: async (message) => {
      const applied = await applyOnce(db, options.durable, { schema, handle }, message);
      onDone?.(message, applied);
    },
  });
}
