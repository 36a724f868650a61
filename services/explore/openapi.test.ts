import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { describeOpenApi } from "@tessera/chassis/openapi/testing";
import { type BuiltService, buildService } from "@tessera/chassis/service";
import { z } from "zod";
import { explore } from "./app.ts";
import { listings, readModels, stores } from "./db/schema.ts";
import { applyProductChanged } from "./events/product-changed.ts";
import { ListingView, StoreView } from "./openapi.ts";
import { asMessage, catalogEvents } from "./test-events.ts";

let service: BuiltService;
beforeAll(async () => {
  service = await buildService(explore, { env: { LOG_LEVEL: "silent" }, inMemory: true });
  for (const event of catalogEvents()) await applyProductChanged(service.ctx.database.db, asMessage(event));
});
afterAll(() => service.close());

describeOpenApi({
  service: "explore",
  subject: () => ({ app: service.app, db: service.ctx.database.db }),
  tables: [listings, readModels, stores],
  probe: () => ({ pathValues: { sku: "CL-01-GR", id: "store-berlin", path: "remoteEntry.js" } }),
  reaches: [
    "GET /api/products query.category",
    "GET /api/products/{sku} path.sku",
    "GET /api/stores/{id} path.id",
    "GET /fragments/header query.current",
    "GET /fragments/category-page query.category",
    "GET /fragments/recommendations query.sku",
    "GET /fragments/recommendations query.limit",
    "GET /fragments/store-picker query.selected",
  ],
});

describe("explore — OpenAPI views", () => {
  test("the documented views - are what the API answers, field for field", async () => {
    const get = async (path: string) => (await service.app.request(path)).json();
    const listings = z.strictObject({ items: z.array(ListingView) }).parse(await get("/api/products"));
    expect(listings.items.length).toBeGreaterThan(0);
    ListingView.parse(await get("/api/products/CL-01-GR"));
    const stores = z.strictObject({ items: z.array(StoreView) }).parse(await get("/api/stores"));
    expect(stores.items.length).toBe(5);
    StoreView.parse(await get("/api/stores/store-berlin"));
  });
});
