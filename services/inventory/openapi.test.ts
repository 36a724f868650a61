import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  compareOperations,
  documentProblems,
  type OpenApiDocument,
  probeValidation,
} from "@tessera/chassis/openapi";
import { type BuiltService, buildService } from "@tessera/chassis/service";
import { inventory } from "./app.ts";
import { outbox, stock } from "./db/schema.ts";

let service: BuiltService;
let doc: OpenApiDocument;
beforeAll(async () => {
  service = await buildService(inventory, { env: { LOG_LEVEL: "silent" }, inMemory: true });
  doc = await (await service.app.request("/openapi.json")).json();
});
afterAll(() => service.close());

describe("inventory — OpenAPI document", () => {
  test("the document - describes every route the app serves, and nothing it does not", () => {
    expect(compareOperations(service.app, doc)).toEqual({ undocumented: [], unserved: [] });
  });

  test("the document - is structurally valid OpenAPI 3.1", () => {
    expect(documentProblems(doc)).toEqual([]);
  });

  test("each documented input field - refused when invalid with a documented 4xx problem naming it; nothing written", async () => {
    const db = service.ctx.database.db;
    const snapshot = async () =>
      JSON.stringify(await Promise.all([outbox, stock].map((t) => db.select().from(t))));
    const before = await snapshot();
    const { probes, failures } = await probeValidation(service.app, doc, { pathValues: { sku: "CL-01-GR" } });
    expect(failures).toEqual([]);
    expect(await snapshot()).toBe(before);
    expect(probes.map((p) => `${p.operation} ${p.where}.${p.field}`)).toEqual(
      expect.arrayContaining([
        "GET /api/stock/{sku} path.sku",
        "POST /api/stock/{sku}/restock body.storeId",
        "POST /api/stock/{sku}/restock body.quantity",
        "GET /fragments/stock query.sku",
      ]),
    );
  });
});
