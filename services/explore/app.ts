/**
 * The explore service (team Explore): product listings, a read model it builds by consuming
 * `catalog.product-changed` events idempotently into its own database.
 */
import { join } from "node:path";
import type { Subscription } from "@tessera/chassis/bus";
import { defineService } from "@tessera/chassis/service";
import { PRODUCT_CHANGED } from "@tessera/contracts/events";
import { Hono } from "hono";
import { exploreConfig } from "./config.ts";
import { applyProductChanged, CONSUMER } from "./events/product-changed.ts";
import packageJson from "./package.json" with { type: "json" };
import { listingRoutes } from "./routes/listings.ts";

export const explore = defineService({
  name: "explore",
  version: packageJson.version,
  config: exploreConfig,
  migrationsFolder: join(import.meta.dir, "db", "migrations"),
  setup(ctx) {
    const { db } = ctx.database;
    let subscription: Subscription | undefined;
    return {
      routes: new Hono().route("/api/products", listingRoutes(db)),
      async start() {
        subscription = await ctx.bus.consume({
          durable: CONSUMER,
          subject: PRODUCT_CHANGED,
          handler: async (message) => {
            const applied = await applyProductChanged(db, message);
            ctx.log.debug({ message_id: message.id, applied }, "catalog.product-changed");
          },
        });
      },
      async stop() {
        await subscription?.stop();
      },
    };
  },
});
