/**
 * The checkout service (team Checkout): the cart and its form endpoints, the cart and checkout
 * fragments, orders, and the checkout saga it orchestrates over inventory and payments. Read
 * models of products and stock are built from catalog and inventory events; every message it
 * sends goes through the transactional outbox, every message it receives is applied once.
 */
import { join } from "node:path";
import type { BusMessage, Subscription } from "@tessera/chassis/bus";
import { openApiRoutes } from "@tessera/chassis/openapi";
import { type Relay, startRelay } from "@tessera/chassis/outbox";
import { defineService } from "@tessera/chassis/service";
import { PRODUCT_CHANGED, STOCK_CHANGED } from "@tessera/contracts/events";
import { Hono } from "hono";
import { registerBusinessMetrics } from "./business-metrics.ts";
import { cartAccess, KnownOwners } from "./cart/cart-owner.ts";
import { checkoutConfig } from "./config.ts";
import {
  PRODUCTS_CONSUMER,
  READ_MODEL_BATCH,
  readModelAppliers,
  STOCK_CONSUMER,
} from "./events/read-models.ts";
import { apiDocument } from "./openapi.ts";
import packageJson from "./package.json" with { type: "json" };
import { cartApiRoutes, cartFormRoutes } from "./routes/cart.ts";
import { assetRoutes, fragmentRoutes } from "./routes/fragments.ts";
import { opsAuditRoutes } from "./routes/ops-audit.ts";
import { orderRoutes } from "./routes/orders.ts";
import { placeOrderRoutes } from "./routes/place-order.ts";
import { REPLY_SUBJECTS, replyApplier, SAGA_CONCURRENCY, type SagaTiming } from "./saga/orchestrator.ts";
import { createOrderWatch } from "./saga/order-watch.ts";
import { type Sweeper, startSweeper } from "./saga/sweeper.ts";

/** The durable consumer of one saga reply subject (`checkout-saga-inventory-stock-reserved`). */
export const replyConsumer = (subject: string) => `checkout-saga-${subject.replaceAll(".", "-")}`;

export const checkout = defineService({
  name: "checkout",
  version: packageJson.version,
  config: checkoutConfig,
  migrationsFolder: join(import.meta.dir, "db", "migrations"),
  setup(ctx) {
    const { db } = ctx.database;
    registerBusinessMetrics(ctx.metrics, db);
    const timing: SagaTiming = {
      stockTimeoutMs: ctx.config.STOCK_TIMEOUT_MS,
      paymentTimeoutMs: ctx.config.PAYMENT_TIMEOUT_MS,
    };
    let relay: Relay | undefined;
    let sweeper: Sweeper | undefined;
    const subscriptions: Subscription[] = [];
    const nudge = () => relay?.nudge();
    const watch = createOrderWatch();
    const owners = new KnownOwners();

    const consume = async (
      durable: string,
      subject: string,
      apply: (m: BusMessage) => Promise<unknown>,
      concurrency = 1,
    ) => {
      subscriptions.push(
        await ctx.bus.consume({
          durable,
          subject,
          concurrency,
          handler: async (message) => {
            const outcome = await apply(message);
            ctx.log.debug({ message_id: message.id, subject, outcome }, "message applied");
          },
        }),
      );
    };

    const routes = new Hono()
      .use(cartAccess(db, owners))
      .route("/", openApiRoutes(apiDocument(ctx.version)))
      .route("/checkout", cartFormRoutes(db, owners))
      .route(
        "/checkout",
        placeOrderRoutes({ db, timing, waitMs: ctx.config.PLACE_ORDER_WAIT_MS, afterCommit: nudge, watch }),
      )
      .route("/api/cart", cartApiRoutes(db))
      .route("/api/orders", orderRoutes(db))
      .route("/ops/audit", opsAuditRoutes(db))
      .route("/fragments", fragmentRoutes(db))
      .route("/assets", assetRoutes());

    return {
      routes,
      async start() {
        relay = startRelay({ db, bus: ctx.bus, log: ctx.log, tracer: ctx.tracer });
        // in order, several waiting at once: each applier applies them in turn, many per transaction
        const readModels = readModelAppliers(db);
        await consume(PRODUCTS_CONSUMER, PRODUCT_CHANGED, readModels.products, READ_MODEL_BATCH);
        await consume(STOCK_CONSUMER, STOCK_CHANGED, readModels.stock, READ_MODEL_BATCH);
        // one applier for every reply subject: replies to different steps share a transaction
        const applyReply = replyApplier(db, timing);
        for (const subject of REPLY_SUBJECTS) {
          await consume(
            replyConsumer(subject),
            subject,
            async (m) => {
              const { outcome, order } = await applyReply(m);
              nudge();
              const orderId = (m.data as { orderId?: unknown }).orderId;
              if (typeof orderId === "string") watch.changed(orderId, order);
              return outcome;
            },
            SAGA_CONCURRENCY,
          );
        }
        sweeper = startSweeper({
          db,
          intervalMs: ctx.config.SWEEP_INTERVAL_MS,
          log: ctx.log,
          afterCancel: (ids) => {
            nudge();
            for (const id of ids) watch.changed(id);
          },
        });
      },
      async stop() {
        await sweeper?.stop();
        await Promise.all(subscriptions.map((s) => s.stop()));
        await relay?.stop();
      },
      flush: async () => (await relay?.flush()) ?? 0,
    };
  },
});
