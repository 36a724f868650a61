/**
 * The feed that keeps the listing read model up to date: a durable consumer of
 * `catalog.product-changed`. A rebuild empties the read model and replays the stream from its
 * start under a new durable consumer name, remembered in `read_models` so a restart resumes it.
 */

import type { Bus, Subscription } from "@tessera/chassis/bus";
import type { Db } from "@tessera/chassis/db";
import { processedMessages, subscribe as subscribeEvents } from "@tessera/chassis/outbox";
import { PRODUCT_CHANGED, ProductChangedV1 } from "@tessera/contracts/events";
import { eq } from "drizzle-orm";
import type { Logger } from "pino";
import { listings, readModels } from "../db/schema.ts";
import { applyListing, CONSUMER } from "./product-changed.ts";

const READ_MODEL = "listings";

export interface ListingFeed {
  /** Subscribes with the current consumer name. */
  start(): Promise<void>;
  /** Empties the listing and replays every event under a new consumer; resolves with its name. */
  rebuild(): Promise<{ consumer: string }>;
  stop(): Promise<void>;
}

export interface ListingFeedOptions {
  db: Db;
  bus: Bus;
  log: Logger;
  /** Runs background work with the service's tracer (ctx.inService). */
  inService?: <T>(fn: () => Promise<T>) => Promise<T>;
}

export function createListingFeed({
  db,
  bus,
  log,
  inService = (fn) => fn(),
}: ListingFeedOptions): ListingFeed {
  let subscription: Subscription | undefined;
  let started = false;
  let queue: Promise<unknown> = Promise.resolve();

  async function currentConsumer(): Promise<string> {
    const [row] = await db.select().from(readModels).where(eq(readModels.name, READ_MODEL));
    return row?.consumer ?? CONSUMER;
  }

  async function subscribe(consumer: string): Promise<void> {
    subscription = await inService(() =>
      subscribeEvents(
        bus,
        {
          durable: consumer,
          subject: PRODUCT_CHANGED,
          schema: ProductChangedV1,
          handle: applyListing,
          onDone: (message, applied) =>
            log.debug({ message_id: message.id, applied, consumer }, "catalog.product-changed"),
        },
        db,
      ),
    );
  }

  /** Runs one lifecycle step after the previous one (a rebuild never races a start or stop). */
  function serial<T>(step: () => Promise<T>): Promise<T> {
    const next = queue.then(step, step);
    queue = next.catch(() => {});
    return next;
  }

  return {
    start: () =>
      serial(async () => {
        started = true;
        await subscribe(await currentConsumer());
      }),
    rebuild: () =>
      serial(async () => {
        await subscription?.stop();
        subscription = undefined;
        const previous = await currentConsumer();
        const consumer = `${CONSUMER}-${Date.now().toString(36)}${crypto.randomUUID().slice(0, 4)}`;
        await db.transaction(async (tx) => {
          await tx.delete(listings);
          await tx.delete(processedMessages).where(eq(processedMessages.consumer, previous));
          await tx
            .insert(readModels)
            .values({ name: READ_MODEL, consumer, rebuiltAt: new Date() })
            .onConflictDoUpdate({ target: readModels.name, set: { consumer, rebuiltAt: new Date() } });
        });
        log.info({ previous, consumer }, "rebuilding the listing from the start of the stream");
        if (started) await subscribe(consumer);
        return { consumer };
      }),
    stop: () =>
      serial(async () => {
        started = false;
        await subscription?.stop();
        subscription = undefined;
      }),
  };
}
