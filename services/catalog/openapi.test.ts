import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  compareOperations,
  documentProblems,
  type OpenApiDocument,
  probeValidation,
} from "@tessera/chassis/openapi";
import { type BuiltService, buildService } from "@tessera/chassis/service";
import { z } from "zod";
import { catalog } from "./app.ts";
import { outbox, variants } from "./db/schema.ts";
import { CategoryView, ProductView, VariantView } from "./openapi.ts";

let service: BuiltService;
let doc: OpenApiDocument;
beforeAll(async () => {
  service = await buildService(catalog, { env: { LOG_LEVEL: "silent" }, inMemory: true });
  doc = await (await service.app.request("/openapi.json")).json();
});
afterAll(() => service.close());

describe("catalog — OpenAPI document", () => {
  test("the document - describes every route the app serves, and nothing it does not", () => {
    expect(compareOperations(service.app, doc)).toEqual({ undocumented: [], unserved: [] });
  });

  test("the document - is structurally valid OpenAPI 3.1", () => {
    expect(documentProblems(doc)).toEqual([]);
  });

  test("each documented input field - refused when invalid with a documented 4xx problem naming it; nothing written", async () => {
    const db = service.ctx.database.db;
    const snapshot = async () =>
      JSON.stringify(await Promise.all([outbox, variants].map((t) => db.select().from(t))));
    const before = await snapshot();
    const { probes, failures } = await probeValidation(service.app, doc, {
      pathValues: { sku: "CL-01-GR", file: "CL-01-GR.v2.svg", path: "remoteEntry.js" },
    });
    expect(failures).toEqual([]);
    expect(await snapshot()).toBe(before);
    expect(probes.map((p) => `${p.operation} ${p.where}.${p.field}`)).toEqual(
      expect.arrayContaining([
        "GET /api/products query.category",
        "GET /api/products/{sku} path.sku",
        "PATCH /api/products/{sku} body.name",
        "PATCH /api/products/{sku} body.priceCents",
        "GET /api/images/{file} path.file",
        "GET /fragments/product-card query.sku",
        "GET /fragments/product-page query.id",
      ]),
    );
  });

  test("the documented views - are what the API answers, field for field", async () => {
    const get = async (path: string) => (await service.app.request(path)).json();
    const products = z.strictObject({ items: z.array(ProductView) }).parse(await get("/api/products"));
    expect(products.items.length).toBeGreaterThan(0);
    const categories = z.strictObject({ items: z.array(CategoryView) }).parse(await get("/api/categories"));
    expect(categories.items.length).toBeGreaterThan(0);
    expect(VariantView.parse(await get("/api/products/CL-01-GR")).sku).toBe("CL-01-GR");
  });
});
