import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  compareOperations,
  documentProblems,
  type OpenApiDocument,
  probeValidation,
} from "@tessera/chassis/openapi";
import { cartLines, carts, orders, outbox } from "./db/schema.ts";
import { type Harness, startCheckout } from "./testing/harness.ts";

let h: Harness;
let doc: OpenApiDocument;
beforeAll(async () => {
  h = await startCheckout();
  doc = await (await h.service.app.request("/openapi.json")).json();
});
afterAll(() => h.close());

describe("checkout — OpenAPI document", () => {
  test("the document - describes every route the app serves, and nothing it does not", () => {
    expect(compareOperations(h.service.app, doc)).toEqual({ undocumented: [], unserved: [] });
  });

  test("the document - is structurally valid OpenAPI 3.1", () => {
    expect(documentProblems(doc)).toEqual([]);
  });

  test("each documented input field - refused when invalid with a documented 4xx problem naming it; nothing written", async () => {
    const db = h.service.ctx.database.db;
    const snapshot = async () =>
      JSON.stringify(await Promise.all([carts, cartLines, orders, outbox].map((t) => db.select().from(t))));
    const before = await snapshot();
    const { probes, failures } = await probeValidation(h.service.app, doc, {
      pathValues: { id: "ORD-1001" },
      // the routes under /ops/ answer operators only (the probe must reach their validation)
      headers: await h.access.as("operator-1", "checkout", { roles: ["operator"] }),
    });
    expect(failures).toEqual([]);
    expect(await snapshot()).toBe(before);
    expect(probes.map((p) => `${p.operation} ${p.where}.${p.field}`)).toEqual(
      expect.arrayContaining([
        "POST /checkout/cart/add body.sku",
        "POST /checkout/cart/add body.quantity",
        "POST /checkout/cart/update body.quantity",
        "POST /checkout/place-order body.delivery",
        "POST /checkout/place-order body.storeId",
        "POST /checkout/place-order body.paymentToken",
        "GET /api/orders query.customer",
        "GET /api/orders/{id} path.id",
        "GET /fragments/add-to-cart query.sku",
        "GET /fragments/thanks-page query.order",
        "GET /ops/audit query.limit",
      ]),
    );
  });
});
