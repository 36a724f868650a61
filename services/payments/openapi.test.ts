import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  compareOperations,
  documentProblems,
  type OpenApiDocument,
  probeValidation,
} from "@tessera/chassis/openapi";
import { type BuiltService, buildService } from "@tessera/chassis/service";
import { payments } from "./app.ts";

let service: BuiltService;
let doc: OpenApiDocument;
beforeAll(async () => {
  service = await buildService(payments, { env: { LOG_LEVEL: "silent" }, inMemory: true });
  doc = await (await service.app.request("/openapi.json")).json();
});
afterAll(() => service.close());

describe("payments — OpenAPI document", () => {
  test("the document - describes every route the app serves, and nothing it does not", () => {
    expect(compareOperations(service.app, doc)).toEqual({ undocumented: [], unserved: [] });
  });

  test("the document - is structurally valid OpenAPI 3.1", () => {
    expect(documentProblems(doc)).toEqual([]);
  });

  test("each documented input field - refused when invalid with a documented 4xx problem naming it", async () => {
    const { probes, failures } = await probeValidation(service.app, doc, {
      pathValues: { orderId: "ORD-1001" },
    });
    expect(failures).toEqual([]);
    expect(probes.map((p) => `${p.operation} ${p.where}.${p.field}`)).toEqual(
      expect.arrayContaining([
        "GET /api/payments/{orderId} path.orderId",
        "GET /fragments/payment-method query.selected",
      ]),
    );
  });
});
