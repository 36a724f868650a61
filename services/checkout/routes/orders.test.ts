import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  fakeInventory,
  fakePayments,
  get,
  givenProduct,
  type Harness,
  post,
  shopperWith,
  startCheckout,
} from "../testing/harness.ts";

let h: Harness;
let orderId: string;
const cartShopper: { cartId?: string } = {};
beforeAll(async () => {
  h = await startCheckout();
  await fakeInventory(h.bus);
  await fakePayments(h.bus);
  await givenProduct(h, "CL-01-GR", 5_890_000, "Heritage Workhorse — Green");
  const shopper = await shopperWith(h, { "CL-01-GR": 1 });
  cartShopper.cartId = shopper.cartId;
  const response = await post(
    h,
    "/checkout/place-order",
    { delivery: "pickup", storeId: "store-vienna", paymentToken: "tok_visa_success" },
    { ...shopper, user: "user-7" },
    true,
  );
  orderId = (await response.json()).id;
});
afterAll(() => h.close());

describe("orders API", () => {
  test("GET /api/orders?customer= by that customer - lists their orders with state, lines and total", async () => {
    const response = await get(h, "/api/orders?customer=user-7", { user: "user-7" });
    expect(response.status).toBe(200);
    const { items } = await response.json();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      id: orderId,
      state: "confirmed",
      customerId: "user-7",
      total: { amount: 5_890_000, currency: "EUR" },
      lines: [{ sku: "CL-01-GR", quantity: 1, name: "Heritage Workhorse — Green" }],
      delivery: { type: "pickup", storeId: "store-vienna" },
    });
  });

  test("GET /api/orders?customer= by someone else - is a 403 problem; anonymously a 401", async () => {
    expect((await get(h, "/api/orders?customer=user-7", { user: "user-8" })).status).toBe(403);
    const anonymous = await get(h, "/api/orders?customer=user-7");
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("content-type")).toBe("application/problem+json");
  });

  test("GET /api/orders without customer - is a 422 naming query.customer", async () => {
    const response = await get(h, "/api/orders", { user: "user-7" });
    expect(response.status).toBe(422);
    expect((await response.json()).detail).toContain("query.customer");
  });

  test("GET /api/orders/:id - answers the customer who placed it; a 404 for anyone else, even holding the cart bound to the customer", async () => {
    expect((await get(h, `/api/orders/${orderId}`, { user: "user-7" })).status).toBe(200);
    expect((await get(h, `/api/orders/${orderId}`, { ...cartShopper, user: "user-7" })).status).toBe(200);
    expect((await get(h, `/api/orders/${orderId}`, cartShopper)).status).toBe(404);
    expect((await get(h, `/api/orders/${orderId}`, { ...cartShopper, user: "user-8" })).status).toBe(404);
    expect((await get(h, `/api/orders/${orderId}`, { user: "user-8" })).status).toBe(404);
    expect((await get(h, `/api/orders/${orderId}`)).status).toBe(404);
  });

  test("GET /openapi.json - documents the forms, the APIs and the fragments with their validated fields", async () => {
    const doc = await (await get(h, "/openapi.json")).json();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/checkout/cart/add",
        "/checkout/place-order",
        "/api/cart",
        "/api/orders",
        "/api/orders/{id}",
      ]),
    );
    const add =
      doc.paths["/checkout/cart/add"].post.requestBody.content["application/x-www-form-urlencoded"].schema;
    expect(add.properties.quantity).toMatchObject({ minimum: 1, maximum: 10 });
    expect(
      doc.paths["/api/orders"].get.parameters.find((p: { name: string }) => p.name === "customer").required,
    ).toBe(true);
  });
});
