/**
 * The inventory service: stock per variant and store, learned from `catalog.product-changed`;
 * reservations for the checkout saga (reserve, release, commit, replies through the outbox);
 * `inventory.stock-changed` events; the stock API and the stock fragment.
 */
import { join } from "node:path";
import type { BusMessage, Subscription } from "@tessera/chassis/bus";
import { openApiRoutes } from "@tessera/chassis/openapi";
import { type Relay, startRelay } from "@tessera/chassis/outbox";
import { defineService } from "@tessera/chassis/service";
import { COMMIT_STOCK, PRODUCT_CHANGED, RELEASE_STOCK, RESERVE_STOCK } from "@tessera/contracts/events";
import { Hono } from "hono";
import { inventoryConfig } from "./config.ts";
import { COMMIT_CONSUMER, commitApplier } from "./events/commit-stock.ts";
import { applyProductChanged, PRODUCT_CHANGED_CONSUMER } from "./events/product-changed.ts";
import { RELEASE_CONSUMER, releaseApplier } from "./events/release-stock.ts";
import { RESERVE_CONSUMER, reserveApplier } from "./events/reserve-stock.ts";
import { apiDocument } from "./openapi.ts";
import packageJson from "./package.json" with { type: "json" };
import { assetRoutes, fragmentRoutes } from "./routes/fragments.ts";
import { stockRoutes } from "./routes/stock.ts";

export const inventory = defineService({
  name: "inventory",
  version: packageJson.version,
  config: inventoryConfig,
  migrationsFolder: join(import.meta.dir, "db", "migrations"),
  setup(ctx) {
    const { db } = ctx.database;
    let relay: Relay | undefined;
    const subscriptions: Subscription[] = [];
    const nudge = () => relay?.nudge();
    // The saga's commands are independent per order: several at once, those that arrive while a
    // transaction applies others together in the next one (each batch locks its reservations,
    // then its stock rows, in a fixed order). Catalog events stay in order, one at a time.
    // 64 at once (as checkout's SAGA_CONCURRENCY: bigger batches, fewer transactions an order).
    const SAGA_CONCURRENCY = 64;
    const consumers: [string, string, (message: BusMessage) => Promise<string>, number][] = [
      [PRODUCT_CHANGED_CONSUMER, PRODUCT_CHANGED, (m) => applyProductChanged(db, m), 1],
      [RESERVE_CONSUMER, RESERVE_STOCK, reserveApplier(db), SAGA_CONCURRENCY],
      [RELEASE_CONSUMER, RELEASE_STOCK, releaseApplier(db), SAGA_CONCURRENCY],
      [COMMIT_CONSUMER, COMMIT_STOCK, commitApplier(db), SAGA_CONCURRENCY],
    ];
    return {
      routes: new Hono()
        .route("/", openApiRoutes(apiDocument(ctx.version)))
        .route("/api/stock", stockRoutes(db, nudge))
        .route("/fragments", fragmentRoutes(db))
        .route("/assets", assetRoutes()),
      async start() {
        relay = startRelay({ db, bus: ctx.bus, log: ctx.log, tracer: ctx.tracer });
        for (const [durable, subject, apply, concurrency] of consumers) {
          const subscription = await ctx.bus.consume({
            durable,
            subject,
            concurrency,
            handler: async (message) => {
              const outcome = await apply(message);
              ctx.log.debug({ message_id: message.id, outcome }, subject);
              nudge();
            },
          });
          subscriptions.push(subscription);
        }
      },
      async stop() {
        await Promise.all(subscriptions.map((s) => s.stop()));
        await relay?.stop();
      },
      flush: async () => (await relay?.flush()) ?? 0,
    };
  },
});
