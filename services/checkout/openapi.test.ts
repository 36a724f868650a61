import { afterAll, beforeAll } from "bun:test";
import { describeOpenApi } from "@tessera/chassis/openapi/testing";
import { cartLines, carts, orders, outbox } from "./db/schema.ts";
import { type Harness, startCheckout } from "./testing/harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startCheckout();
});
afterAll(() => h.close());

describeOpenApi({
  service: "checkout",
  subject: () => ({ app: h.service.app, db: h.service.ctx.database.db }),
  tables: [carts, cartLines, orders, outbox],
  probe: async () => ({
    pathValues: { id: "ORD-1001" },
    // the routes under /ops/ answer operators only (the probe must reach their validation)
    headers: await h.access.as("operator-1", "checkout", { roles: ["operator"] }),
  }),
  reaches: [
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
  ],
});
