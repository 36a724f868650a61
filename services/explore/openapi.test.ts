import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  compareOperations,
  documentProblems,
  type OpenApiDocument,
  probeValidation,
} from "@tessera/chassis/openapi";
import { type BuiltService, buildService } from "@tessera/chassis/service";
import { z } from "zod";
import { explore } from "./app.ts";
import { applyProductChanged } from "./events/product-changed.ts";
import { ListingView, StoreView } from "./openapi.ts";
import { asMessage, catalogEvents } from "./test-events.ts";

let service: BuiltService;
let doc: OpenApiDocument;
beforeAll(async () => {
  service = await buildService(explore, { env: { LOG_LEVEL: "silent" }, inMemory: true });
  for (const event of catalogEvents()) await applyProductChanged(service.ctx.database.db, asMessage(event));
  doc = await (await service.app.request("/openapi.json")).json();
});
afterAll(() => service.close());

describe("explore — OpenAPI document", () => {
  test("the document - describes every route the app serves, and nothing it does not", () => {
    expect(compareOperations(service.app, doc)).toEqual({ undocumented: [], unserved: [] });
  });

  test("the document - is structurally valid OpenAPI 3.1", () => {
    expect(documentProblems(doc)).toEqual([]);
  });

  test("each documented input field - refused when invalid with a documented 4xx problem naming it", async () => {
    const { probes, failures } = await probeValidation(service.app, doc, {
      pathValues: { sku: "CL-01-GR", id: "store-berlin", path: "remoteEntry.js" },
    });
    expect(failures).toEqual([]);
    expect(probes.map((p) => `${p.operation} ${p.where}.${p.field}`)).toEqual(
      expect.arrayContaining([
        "GET /api/products query.category",
        "GET /api/products/{sku} path.sku",
        "GET /api/stores/{id} path.id",
        "GET /fragments/header query.current",
        "GET /fragments/category-page query.category",
        "GET /fragments/recommendations query.sku",
        "GET /fragments/recommendations query.limit",
        "GET /fragments/store-picker query.selected",
      ]),
    );
  });

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
