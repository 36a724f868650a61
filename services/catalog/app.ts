/**
 * The catalog service (team Decide): categories, products and their variants, the product API,
 * the product-card and product-page fragments, SVG product images, and `catalog.product-changed`
 * events through a transactional outbox.
 */
import { join } from "node:path";
import { openApiRoutes } from "@tessera/chassis/openapi";
import { type Relay, startRelay } from "@tessera/chassis/outbox";
import { defineService } from "@tessera/chassis/service";
import { Hono } from "hono";
import { catalogConfig } from "./config.ts";
import { seedCatalog } from "./db/seed.ts";
import { apiDocument } from "./openapi.ts";
import packageJson from "./package.json" with { type: "json" };
import { assetRoutes, fragmentRoutes } from "./routes/fragments.ts";
import { imageRoutes } from "./routes/images.ts";
import { categoryRoutes, productRoutes } from "./routes/products.ts";

export const catalog = defineService({
  name: "catalog",
  version: packageJson.version,
  config: catalogConfig,
  migrationsFolder: join(import.meta.dir, "db", "migrations"),
  async setup(ctx) {
    const { db } = ctx.database;
    const seeded = await ctx.inService(() => seedCatalog(db));
    if (seeded > 0) ctx.log.info({ variants: seeded }, "seeded the catalogue");
    let relay: Relay | undefined;
    const routes = new Hono()
      .route("/", openApiRoutes(apiDocument(ctx.version)))
      .route(
        "/api/products",
        productRoutes(db, () => relay?.nudge()),
      )
      .route("/api/categories", categoryRoutes(db))
      .route("/api/images", imageRoutes(db))
      .route("/fragments", fragmentRoutes(db))
      .route("/assets", assetRoutes());
    return {
      routes,
      async start() {
        relay = startRelay({ db, bus: ctx.bus, log: ctx.log, tracer: ctx.tracer });
      },
      async stop() {
        await relay?.stop();
      },
      flush: async () => (await relay?.flush()) ?? 0,
    };
  },
});
