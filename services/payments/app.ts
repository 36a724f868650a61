/**
 * The payments service: a simulated payment provider for the checkout saga (authorise, void;
 * replies through the outbox; test cards that approve, decline or never answer), the payments API
 * and the payment-method fragment.
 */
import { join } from "node:path";
import type { BusMessage, Subscription } from "@tessera/chassis/bus";
import { openApiRoutes } from "@tessera/chassis/openapi";
import { type Relay, startRelay } from "@tessera/chassis/outbox";
import { defineService } from "@tessera/chassis/service";
import { AUTHORIZE_PAYMENT, VOID_PAYMENT } from "@tessera/contracts/events";
import { Hono } from "hono";
import { registerBusinessMetrics } from "./business-metrics.ts";
import { paymentsConfig } from "./config.ts";
import { AUTHORIZE_CONSUMER, authorizeApplier } from "./events/authorize-payment.ts";
import { VOID_CONSUMER, voidPayment } from "./events/void-payment.ts";
import { apiDocument } from "./openapi.ts";
import packageJson from "./package.json" with { type: "json" };
import { assetRoutes, fragmentRoutes } from "./routes/fragments.ts";
import { paymentRoutes } from "./routes/payments.ts";

export const payments = defineService({
  name: "payments",
  version: packageJson.version,
  config: paymentsConfig,
  migrationsFolder: join(import.meta.dir, "db", "migrations"),
  setup(ctx) {
    const { db } = ctx.database;
    registerBusinessMetrics(ctx.metrics, db);
    let relay: Relay | undefined;
    const subscriptions: Subscription[] = [];
    const consumers: [string, string, (message: BusMessage) => Promise<string>][] = [
      // one payment row per order (unique): commands of different orders are independent; those
      // waiting while a transaction runs are applied together in the next one (group commit)
      [AUTHORIZE_CONSUMER, AUTHORIZE_PAYMENT, authorizeApplier(db)],
      [VOID_CONSUMER, VOID_PAYMENT, (m) => voidPayment(db, m)],
    ];
    return {
      routes: new Hono()
        .route("/", openApiRoutes(apiDocument(ctx.version)))
        .route("/api/payments", paymentRoutes(db))
        .route("/fragments", fragmentRoutes())
        .route("/assets", assetRoutes()),
      async start() {
        relay = startRelay({ db, bus: ctx.bus, log: ctx.log, tracer: ctx.tracer });
        for (const [durable, subject, apply] of consumers) {
          const subscription = await ctx.bus.consume({
            durable,
            subject,
            // commands of different orders are independent (one payment row per order, unique);
            // 64 at once, as checkout's SAGA_CONCURRENCY (bigger batches, fewer transactions an order)
            concurrency: 64,
            handler: async (message) => {
              const outcome = await apply(message);
              ctx.log.debug({ message_id: message.id, outcome }, subject);
              relay?.nudge();
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
