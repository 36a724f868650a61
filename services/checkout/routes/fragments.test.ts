import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { FragmentManifest } from "@tessera/contracts/fragment-manifest";
import {
  type FakeInventory,
  fakeInventory,
  fakePayments,
  get,
  givenProduct,
  givenStock,
  type Harness,
  post,
  shopperWith,
  startCheckout,
} from "../testing/harness.ts";

let h: Harness;
let inventory: FakeInventory;
beforeAll(async () => {
  h = await startCheckout();
  inventory = await fakeInventory(h.bus);
  await fakePayments(h.bus);
  await givenProduct(h, "CL-01-GR", 5_890_000, "Heritage Workhorse — Green");
  await givenProduct(h, "SOLD-1", 100_000, "Sold <Out> Special");
  await givenStock(h, "SOLD-1", 0);
});
afterAll(() => h.close());

/** The fragment's HTML without lit's hydration comments. */
const html = async (path: string, shopper = {}) => {
  const response = await get(h, path, shopper);
  return { response, text: (await response.text()).replace(/<!--\/?lit-[^>]*-->/g, "") };
};

describe("checkout fragments", () => {
  test("GET /fragments/manifest.json - is a valid manifest declaring every fragment and the tessera_checkout remote", async () => {
    const manifest = FragmentManifest.parse(await (await get(h, "/fragments/manifest.json")).json());
    expect(Object.keys(manifest.fragments).sort()).toEqual([
      "add-to-cart",
      "cart-page",
      "checkout-page",
      "mini-cart",
      "thanks-page",
    ]);
    expect(manifest.fragments["add-to-cart"]).toMatchObject({
      element: "checkout-add-to-cart",
      module: "checkout/add-to-cart",
    });
    expect(manifest.fragments["mini-cart"]).toMatchObject({
      element: "checkout-mini-cart",
      module: "checkout/mini-cart",
    });
    expect(manifest.federation).toMatchObject({
      name: "tessera_checkout",
      alias: "checkout",
      manifest: "/assets/mf-manifest.json",
    });
  });

  test("add-to-cart - a form posting sku and quantity to /checkout/cart/add, in a declarative shadow root", async () => {
    const { response, text } = await html("/fragments/add-to-cart?sku=CL-01-GR");
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(text).toContain('data-boundary="checkout/add-to-cart"');
    expect(text).toContain('shadowrootmode="open"');
    expect(text).toContain('action="/checkout/cart/add"');
    expect(text).toContain('name="sku" value="CL-01-GR"');
    expect(text).toMatch(/<label>\s*Quantity\s*<select name="quantity"/);
    expect(text).toContain("Add to cart");
    expect(text).not.toMatch(/<button[^>]*disabled/);
  });

  test("add-to-cart of a sold-out variant - a disabled button reading Sold out", async () => {
    const { text } = await html("/fragments/add-to-cart?sku=SOLD-1");
    expect(text).toMatch(/<checkout-add-to-cart[^>]* soldout/);
    expect(text).toMatch(/<button type="submit"[^>]*disabled[^>]*>[\s\S]*?Sold out/);
  });

  test("add-to-cart with an error code - shows its message; a code it does not know shows nothing", async () => {
    expect((await html("/fragments/add-to-cart?sku=CL-01-GR&error=sold-out")).text).toContain(
      "Sorry, this item is sold out.",
    );
    const { response, text } = await html("/fragments/add-to-cart?sku=CL-01-GR&error=%3Cscript%3E");
    expect(response.status).toBe(200);
    expect(text).not.toContain("<script>");
  });

  test("add-to-cart without a sku - is a 422 naming query.sku", async () => {
    const response = await get(h, "/fragments/add-to-cart");
    expect(response.status).toBe(422);
    expect((await response.json()).detail).toContain("query.sku");
  });

  test("mini-cart - links to the cart with the shopper's item count, never cached for others", async () => {
    const shopper = await shopperWith(h, { "CL-01-GR": 3 });
    const { response, text } = await html("/fragments/mini-cart", shopper);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(text).toContain('data-boundary="checkout/mini-cart"');
    expect(text).toContain('count="3"');
    expect(text).toContain('href="/checkout/cart"');
    expect(text).toContain('aria-label="Cart, 3 items"');
    expect((await html("/fragments/mini-cart")).text).toContain('count="0"');
  });

  test("cart-page - each line with a labelled quantity form and a remove form, the total and the way to checkout", async () => {
    const shopper = await shopperWith(h, { "CL-01-GR": 2 });
    const { text } = await html("/fragments/cart-page", shopper);
    expect(text).toContain('data-boundary="checkout/cart-page"');
    expect(text).toContain("Heritage Workhorse — Green");
    expect(text).toContain('action="/checkout/cart/update"');
    expect(text).toContain('action="/checkout/cart/remove"');
    expect(text).toMatch(
      /<label class="co-field" for="quantity-CL-01-GR">Quantity\s*<input class="co-input" id="quantity-CL-01-GR"/,
    );
    expect(text).toContain('value="2"');
    expect(text).toContain("€117,800.00");
    expect(text).toContain('href="/checkout/checkout"');
  });

  test("cart-page of an empty cart - says so and offers the products", async () => {
    const { text } = await html("/fragments/cart-page");
    expect(text).toContain("Your cart is empty.");
    expect(text).not.toContain('href="/checkout/checkout"');
  });

  test("cart-page with error=quantity - shows the message as an alert", async () => {
    const { text } = await html("/fragments/cart-page?error=quantity");
    expect(text).toMatch(/role="alert">[^<]*Choose a quantity from 1 to 10/);
  });

  test("checkout-page - a form to /checkout/place-order nesting the store picker and the payment methods", async () => {
    const shopper = await shopperWith(h, { "CL-01-GR": 1 });
    const { text } = await html("/fragments/checkout-page?error=payment-declined", shopper);
    expect(text).toContain('data-boundary="checkout/checkout-page"');
    expect(text).toContain('action="/checkout/place-order"');
    expect(text).toMatch(
      /<tessera-fragment service="explore" name="store-picker">[\s\S]*name="storeId"[\s\S]*<\/tessera-fragment>/,
    );
    expect(text).toMatch(
      /<tessera-fragment service="payments" name="payment-method">[\s\S]*<\/tessera-fragment>/,
    );
    for (const name of ["name", "street", "postalCode", "city"]) {
      expect(text).toContain(`<label class="co-field" for="checkout-${name}">`);
      expect(text).toContain(`id="checkout-${name}" type="text" name="${name}"`);
    }
    expect(text).toContain('name="delivery" value="pickup" checked');
    expect(text).toContain("Your card was declined. Nothing was charged and your cart is unchanged.");
  });

  test("thanks-page - shows the order number to the shopper who placed it, and 404 to anyone else", async () => {
    const shopper = await shopperWith(h, { "CL-01-GR": 1 });
    const placed = await post(
      h,
      "/checkout/place-order",
      { delivery: "pickup", storeId: "store-hamburg", paymentToken: "tok_visa_success" },
      shopper,
    );
    const orderId = new URL(placed.headers.get("location") ?? "", "http://x").searchParams.get(
      "order",
    ) as string;
    expect(inventory.reserved.some((c) => c.orderId === orderId)).toBe(true);
    const { response, text } = await html(`/fragments/thanks-page?order=${orderId}`, shopper);
    expect(response.status).toBe(200);
    expect(text).toContain('data-boundary="checkout/thanks-page"');
    expect(text).toContain("Thank you for your order!");
    expect(text).toContain(orderId);
    expect(text).toContain("Tessera Hamburg");
    const stranger = await shopperWith(h, { "CL-01-GR": 1 });
    expect((await get(h, `/fragments/thanks-page?order=${orderId}`, stranger)).status).toBe(404);
    expect((await get(h, "/fragments/thanks-page?order=TSR-NOPE", shopper)).status).toBe(404);
    expect((await get(h, "/fragments/thanks-page", shopper)).status).toBe(404);
  });

  test("GET /assets/ with a path escaping the folder - is a 404, never a file outside", async () => {
    expect((await get(h, "/assets/..%2F..%2Fpackage.json")).status).toBe(404);
  });
});
