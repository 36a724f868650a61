/**
 * The explore service (team Explore): home, listings, stores, header, footer, recommendations
 * and the store picker. Its product listing is a read model built by consuming
 * `catalog.product-changed` events idempotently into its own database, rebuildable by replay;
 * it owns the stores' details.
 */
import { join } from "node:path";
import { openApiRoutes } from "@tessera/chassis/openapi";
import { defineService } from "@tessera/chassis/service";
import { Hono } from "hono";
import { exploreConfig } from "./config.ts";
import { seedStores } from "./db/seed.ts";
import { createListingFeed } from "./events/listing-feed.ts";
import { apiDocument } from "./openapi.ts";
import packageJson from "./package.json" with { type: "json" };
import { assetRoutes, fragmentRoutes } from "./routes/fragments.ts";
import { listingRoutes } from "./routes/listings.ts";
import { opsRoutes } from "./routes/ops.ts";
import { storeRoutes } from "./routes/stores.ts";

export const explore = defineService({
  name: "explore",
  version: packageJson.version,
  config: exploreConfig,
  migrationsFolder: join(import.meta.dir, "db", "migrations"),
  async setup(ctx) {
    const { db } = ctx.database;
    const seeded = await ctx.inService(() => seedStores(db));
    if (seeded > 0) ctx.log.info({ stores: seeded }, "seeded the stores");
    const feed = createListingFeed({ db, bus: ctx.bus, log: ctx.log, inService: ctx.inService });
    return {
      routes: new Hono()
        .route("/", openApiRoutes(apiDocument(ctx.version)))
        .route("/api/products", listingRoutes(db))
        .route("/api/stores", storeRoutes(db))
        .route("/fragments", fragmentRoutes(db))
        .route("/assets", assetRoutes())
        .route("/ops", opsRoutes(feed)),
      start: () => feed.start(),
      stop: () => feed.stop(),
    };
  },
});
