import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { describeOpenApi } from "@tessera/chassis/openapi/testing";
import { type BuiltService, buildService } from "@tessera/chassis/service";
import { z } from "zod";
import { catalog } from "./app.ts";
import { outbox, variants } from "./db/schema.ts";
import { CategoryView, ProductView, VariantView } from "./openapi.ts";

let service: BuiltService;
beforeAll(async () => {
  service = await buildService(catalog, { env: { LOG_LEVEL: "silent" }, inMemory: true });
});
afterAll(() => service.close());

describeOpenApi({
  service: "catalog",
  subject: () => ({ app: service.app, db: service.ctx.database.db }),
  tables: [outbox, variants],
  probe: () => ({ pathValues: { sku: "CL-01-GR", file: "CL-01-GR.v2.svg", path: "remoteEntry.js" } }),
  reaches: [
    "GET /api/products query.category",
    "GET /api/products/{sku} path.sku",
    "PATCH /api/products/{sku} body.name",
    "PATCH /api/products/{sku} body.priceCents",
    "GET /api/images/{file} path.file",
    "GET /fragments/product-card query.sku",
    "GET /fragments/product-page query.id",
  ],
});

describe("catalog — OpenAPI views", () => {
  test("the documented views - are what the API answers, field for field", async () => {
    const get = async (path: string) => (await service.app.request(path)).json();
    const products = z.strictObject({ items: z.array(ProductView) }).parse(await get("/api/products"));
    expect(products.items.length).toBeGreaterThan(0);
    const categories = z.strictObject({ items: z.array(CategoryView) }).parse(await get("/api/categories"));
    expect(categories.items.length).toBeGreaterThan(0);
    expect(VariantView.parse(await get("/api/products/CL-01-GR")).sku).toBe("CL-01-GR");
  });
});
