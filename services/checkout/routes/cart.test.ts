import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  cartCookieOf,
  get,
  givenProduct,
  givenStock,
  type Harness,
  post,
  startCheckout,
} from "../testing/harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startCheckout();
  await givenProduct(h, "CL-01-GR", 5_890_000, "Heritage Workhorse — Green");
  await givenProduct(h, "AU-01-SI", 12_000_000, "FieldPilot A1 — Silver");
  await givenProduct(h, "SOLD-1", 100_000, "Sold Out Special");
  await givenStock(h, "SOLD-1", 0);
  await givenProduct(h, "FEW-1", 200_000, "Almost Gone");
  await givenStock(h, "FEW-1", 2);
});
afterAll(() => h.close());

const cartOf = async (cartId: string) => (await get(h, "/api/cart", { cartId })).json();

describe("cart — adding", () => {
  test("a form add without a cart - starts one, sets the tessera_cart cookie and redirects 303 to the cart", async () => {
    const response = await post(h, "/checkout/cart/add", { sku: "CL-01-GR", quantity: "2" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/checkout/cart");
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(
      /^tessera_cart=[A-Za-z0-9_-]{32}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=2592000$/,
    );
    const cart = await cartOf(cartCookieOf(response) as string);
    expect(cart).toMatchObject({
      count: 2,
      total: { amount: 11_780_000, currency: "EUR" },
      lines: [{ sku: "CL-01-GR", name: "Heritage Workhorse — Green", quantity: 2 }],
    });
  });

  test("a JSON add - answers the cart summary with the sku, and sets the cookie only when it starts the cart", async () => {
    const first = await post(h, "/checkout/cart/add", { sku: "CL-01-GR" }, {}, true);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ count: 1, total: { amount: 5_890_000 }, sku: "CL-01-GR" });
    const cartId = cartCookieOf(first) as string;
    expect(cartId).toBeDefined();
    const second = await post(h, "/checkout/cart/add", { sku: "AU-01-SI", quantity: "1" }, { cartId }, true);
    expect(second.headers.get("set-cookie")).toBeNull();
    const answer = await second.json();
    expect(answer).toMatchObject({ count: 2, total: { amount: 17_890_000 }, sku: "AU-01-SI" });
    // every line of the cart, in the order added, each priced
    expect(
      answer.lines.map((l: { sku: string; lineTotal: { amount: number } }) => [l.sku, l.lineTotal.amount]),
    ).toEqual([
      ["CL-01-GR", 5_890_000],
      ["AU-01-SI", 12_000_000],
    ]);
  });

  test("adding a sku already in the cart - adds to its line", async () => {
    const cartId = cartCookieOf(
      await post(h, "/checkout/cart/add", { sku: "AU-01-SI", quantity: "3" }, {}, true),
    );
    await post(h, "/checkout/cart/add", { sku: "AU-01-SI", quantity: "4" }, { cartId }, true);
    const cart = await cartOf(cartId as string);
    expect(cart.lines).toHaveLength(1);
    expect(cart.lines[0].quantity).toBe(7);
  });

  test("a cart id the service never minted - starts a new cart with a new cookie", async () => {
    const response = await post(
      h,
      "/checkout/cart/add",
      { sku: "CL-01-GR" },
      { cartId: "x".repeat(32) },
      true,
    );
    expect(response.status).toBe(200);
    expect(cartCookieOf(response)).not.toBe("x".repeat(32));
  });

  test("a quantity of 0 or 11 - is a 422 naming body.quantity, and no cart is started", async () => {
    for (const quantity of ["0", "11", "two"]) {
      const response = await post(h, "/checkout/cart/add", { sku: "CL-01-GR", quantity }, {}, true);
      expect(response.status).toBe(422);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect((await response.json()).detail).toContain("body.quantity");
      expect(response.headers.get("set-cookie")).toBeNull();
    }
  });

  test("adding past 10 of one sku - is refused, and the line keeps its quantity", async () => {
    const cartId = cartCookieOf(
      await post(h, "/checkout/cart/add", { sku: "CL-01-GR", quantity: "8" }, {}, true),
    );
    const response = await post(
      h,
      "/checkout/cart/add",
      { sku: "CL-01-GR", quantity: "3" },
      { cartId },
      true,
    );
    expect(response.status).toBe(422);
    expect((await response.json()).reason).toBe("quantity");
    expect((await cartOf(cartId as string)).lines[0].quantity).toBe(8);
  });

  test("a sold-out variant - is refused with reason sold-out (JSON 409; form redirects back with the error)", async () => {
    const json = await post(h, "/checkout/cart/add", { sku: "SOLD-1" }, {}, true);
    expect(json.status).toBe(409);
    expect(await json.json()).toMatchObject({ reason: "sold-out", detail: "SOLD-1 is sold out" });
    const form = await post(h, "/checkout/cart/add", {
      sku: "SOLD-1",
      returnTo: "/product/P-SOLD-1?sku=SOLD-1",
    });
    expect(form.status).toBe(303);
    expect(form.headers.get("location")).toBe("/product/P-SOLD-1?sku=SOLD-1&error=sold-out");
    expect(form.headers.get("set-cookie")).toBeNull();
  });

  test("more than the stock left - is refused with reason not-enough-stock", async () => {
    const response = await post(h, "/checkout/cart/add", { sku: "FEW-1", quantity: "3" }, {}, true);
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ reason: "not-enough-stock", available: 2 });
    expect((await post(h, "/checkout/cart/add", { sku: "FEW-1", quantity: "2" }, {}, true)).status).toBe(200);
  });

  test("an unknown sku - is a 404 with reason unknown-product; as a form, back to the cart with the error", async () => {
    const json = await post(h, "/checkout/cart/add", { sku: "NOPE-1" }, {}, true);
    expect(json.status).toBe(404);
    expect((await json.json()).reason).toBe("unknown-product");
    const form = await post(h, "/checkout/cart/add", { sku: "NOPE-1" });
    expect(form.headers.get("location")).toBe("/checkout/cart?error=unknown-product");
  });

  test("a returnTo that leaves the site - is ignored: the redirect stays on the cart", async () => {
    for (const returnTo of [
      "//evil.example/x",
      "https://evil.example/",
      "/\\evil.example",
      "javascript:alert(1)",
    ]) {
      const response = await post(h, "/checkout/cart/add", { sku: "CL-01-GR", returnTo });
      expect(response.headers.get("location")).toBe("/checkout/cart");
    }
    const back = await post(h, "/checkout/cart/add", {
      sku: "CL-01-GR",
      returnTo: "/product/P1?sku=CL-01-GR",
    });
    expect(back.headers.get("location")).toBe("/product/P1?sku=CL-01-GR");
  });

  test("a body that is neither a form nor JSON - is a 415 problem", async () => {
    const response = await h.service.app.request("/checkout/cart/add", {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "sku=CL-01-GR",
    });
    expect(response.status).toBe(415);
  });
});

describe("cart — changing and removing", () => {
  test("update - sets the line's quantity and the total follows", async () => {
    const cartId = cartCookieOf(await post(h, "/checkout/cart/add", { sku: "CL-01-GR" }, {}, true));
    const response = await post(h, "/checkout/cart/update", { sku: "CL-01-GR", quantity: "5" }, { cartId });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/checkout/cart");
    expect(await cartOf(cartId as string)).toMatchObject({ count: 5, total: { amount: 29_450_000 } });
  });

  test("update to 11 - is refused (form: back to the cart with error=quantity) and the line is unchanged", async () => {
    const cartId = cartCookieOf(await post(h, "/checkout/cart/add", { sku: "CL-01-GR" }, {}, true));
    const response = await post(h, "/checkout/cart/update", { sku: "CL-01-GR", quantity: "11" }, { cartId });
    expect(response.headers.get("location")).toBe("/checkout/cart?error=quantity");
    expect((await cartOf(cartId as string)).count).toBe(1);
  });

  test("update of a sku not in the cart - is a 404 with reason not-in-cart", async () => {
    const cartId = cartCookieOf(await post(h, "/checkout/cart/add", { sku: "CL-01-GR" }, {}, true));
    const response = await post(
      h,
      "/checkout/cart/update",
      { sku: "AU-01-SI", quantity: "1" },
      { cartId },
      true,
    );
    expect(response.status).toBe(404);
    expect((await response.json()).reason).toBe("not-in-cart");
  });

  test("remove - takes the line out; the JSON answer is the emptied cart", async () => {
    const cartId = cartCookieOf(await post(h, "/checkout/cart/add", { sku: "CL-01-GR" }, {}, true));
    const response = await post(h, "/checkout/cart/remove", { sku: "CL-01-GR" }, { cartId }, true);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ count: 0, lines: [], total: { amount: 0 } });
  });

  test("the cart - survives between requests: it lives in the database, keyed by the cookie", async () => {
    const cartId = cartCookieOf(
      await post(h, "/checkout/cart/add", { sku: "AU-01-SI", quantity: "2" }, {}, true),
    );
    expect((await cartOf(cartId as string)).count).toBe(2);
    expect((await cartOf(cartId as string)).count).toBe(2);
  });

  test("GET /api/cart without a cart - is an empty cart", async () => {
    expect(await (await get(h, "/api/cart")).json()).toEqual({
      count: 0,
      total: { amount: 0, currency: "EUR" },
      lines: [],
    });
  });
});
