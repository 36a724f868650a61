/**
 * checkout's browser side (`checkout-web`: the add-to-cart button, the cart and checkout pages)
 * → the checkout service, through the composer's form proxy. Each form is rendered by checkout's
 * real server renderer; the test posts what a browser would post from it (its fields, with what
 * the shopper typed or picked) through the composer's real form routes to Pact's mock, and
 * checks what the page relies on: the `303` and its `Location` (onwards, or back with `?error=`,
 * whose message the page then shows), the cart cookie, and — for the hydrated add-to-cart,
 * which posts with `fetch` asking for JSON — the cart summary or the problem's `reason`. The
 * mini-cart popover's `fetchCart` reads `GET /api/checkout/cart` through the composer's gateway
 * (checkout sees `GET /api/cart`).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { MatchersV3, PactV4 } from "@pact-foundation/pact";
import { postToCart } from "../../fragments/checkout/src/cart-request.ts";
import { fetchCart } from "../../fragments/checkout/src/mini-cart-popover.ts";
import {
  type CartData,
  messageFor,
  type RenderResult,
  renderAddToCart,
  renderCartPage,
  renderCheckoutPage,
  renderToString,
} from "../../fragments/checkout/src/server.ts";
import { escapeRegex, formBody, postForm, servedPage, submit, throughComposer } from "../support/browser.ts";
import { PACTS_DIR, stampPact, startPact } from "../support/pact.ts";

const { eachLike, integer, regex, string } = MatchersV3;
const CONSUMER = "checkout-web";
const PROVIDER = "checkout";
const FORM = "application/x-www-form-urlencoded";
/** A cart id as checkout mints them; the composer turns the `tessera_cart` cookie into the header. */
const CART_ID = "contract-cart-000000000001";

beforeAll(() => startPact(CONSUMER, PROVIDER));
afterAll(() => stampPact(CONSUMER, PROVIDER));

const pact = () => new PactV4({ consumer: CONSUMER, provider: PROVIDER, dir: PACTS_DIR, logLevel: "warn" });
const money = { amount: integer(5_890_000), currency: regex("^[A-Z]{3}$", "EUR") };

function cartWith(sku: string, quantity: number): CartData {
  const price = { amount: 5_890_000, currency: "EUR" };
  return {
    lines: [
      {
        sku,
        productId: "TR-CL-001",
        name: "Contract tractor",
        image: "",
        quantity,
        unitPrice: price,
        lineTotal: { amount: price.amount * quantity, currency: "EUR" },
        unavailable: false,
      },
    ],
    count: quantity,
    total: { amount: price.amount * quantity, currency: "EUR" },
  };
}

/** A fragment as the composer serves it in a page (with the form's CSRF field). */
const served = async (fragment: RenderResult) => servedPage(await renderToString(fragment));

/** Posts a form's body through the composer as the browser does (its cookies, no redirect following). */
const post = (mockUrl: string, action: string, body: string, headers: Record<string, string> = {}) =>
  throughComposer(mockUrl)(action, { method: "POST", headers: { "content-type": FORM, ...headers }, body });

describe("checkout-web → checkout: the add-to-cart form", () => {
  test("add to cart without JavaScript - a new shopper - 303 to the cart with a new cart cookie", async () => {
    const sku = "CL-01-GR";
    const form = postForm(await served(renderAddToCart({ sku, soldOut: false })), "/checkout/cart/add");
    const body = submit(form, { quantity: "2" });
    expect(new URLSearchParams(body).get("quantity")).toBe("2");
    expect(new URLSearchParams(body).get("sku")).toBe(sku);
    await pact()
      .addInteraction()
      .given(`a product with sku ${sku} is on sale`, { sku })
      .uponReceiving("checkout-web: the add-to-cart form posted by a browser without JavaScript")
      .withRequest("POST", "/checkout/cart/add", (req) => formBody(req, body))
      .willRespondWith(303, (res) =>
        res.headers({
          location: regex("^/checkout/cart$", "/checkout/cart"),
          "set-cookie": regex(
            "^tessera_cart=[A-Za-z0-9_-]{16,64};.*$",
            `tessera_cart=${CART_ID}; Path=/; HttpOnly`,
          ),
        }),
      )
      .executeTest(async (mock) => {
        const answer = await post(mock.url, form.action, body);
        expect(answer.status).toBe(303);
        expect(answer.headers.get("location")).toBe("/checkout/cart");
        expect(answer.headers.get("set-cookie")).toStartWith("tessera_cart=");
      });
  }, 30_000);

  test("add to cart without JavaScript - an unknown product - 303 back with ?error=unknown-product, shown on the cart page", async () => {
    const sku = "ZZ-99-XX";
    const form = postForm(await served(renderAddToCart({ sku, soldOut: false })), "/checkout/cart/add");
    const body = submit(form);
    await pact()
      .addInteraction()
      .given(`no product with sku ${sku} is on sale`, { sku })
      .uponReceiving("checkout-web: the add-to-cart form for a product checkout does not sell")
      .withRequest("POST", "/checkout/cart/add", (req) => formBody(req, body))
      .willRespondWith(303, (res) =>
        res.headers({
          location: regex("^/checkout/cart\\?error=unknown-product$", "/checkout/cart?error=unknown-product"),
        }),
      )
      .executeTest(async (mock) => {
        const answer = await post(mock.url, form.action, body);
        expect(answer.status).toBe(303);
        const location = new URL(answer.headers.get("location") ?? "", "http://shop.test");
        const error = location.searchParams.get("error") ?? undefined;
        const empty: CartData = { lines: [], count: 0, total: { amount: 0, currency: "EUR" } };
        const page = await renderToString(renderCartPage(empty, error));
        expect(page).toContain(messageFor("unknown-product") as string);
      });
  }, 30_000);

  test("add to cart with JavaScript - a product on sale - the cart summary becomes the cart-updated detail", async () => {
    const sku = "AU-01-SI";
    const form = postForm(await served(renderAddToCart({ sku, soldOut: false })), "/checkout/cart/add");
    const body = submit(form);
    await pact()
      .addInteraction()
      .given(`a product with sku ${sku} is on sale`, { sku })
      .uponReceiving("checkout-web: the hydrated add-to-cart button posting the form, asking for JSON")
      .withRequest("POST", "/checkout/cart/add", (req) =>
        formBody(req, body).headers({ accept: "application/json" }),
      )
      .willRespondWith(200, (res) =>
        res
          .headers({ "content-type": regex("^application/json(;.*)?$", "application/json") })
          .jsonBody({ count: integer(1), total: money, sku }),
      )
      .executeTest(async (mock) => {
        const result = await postToCart(form.action, form.fields, throughComposer(mock.url) as typeof fetch);
        expect(result).toEqual({
          ok: true,
          detail: { count: 1, total: { amount: 5_890_000, currency: "EUR" }, sku },
        });
      });
  }, 30_000);

  test("add to cart with JavaScript - a sold-out product - the problem's reason disables the button", async () => {
    const sku = "CO-25-OR";
    const form = postForm(await served(renderAddToCart({ sku, soldOut: false })), "/checkout/cart/add");
    const body = submit(form);
    await pact()
      .addInteraction()
      .given(`sku ${sku} is sold out`, { sku })
      .uponReceiving("checkout-web: the hydrated add-to-cart button posting a sold-out product")
      .withRequest("POST", "/checkout/cart/add", (req) =>
        formBody(req, body).headers({ accept: "application/json" }),
      )
      .willRespondWith(409, (res) =>
        res
          .headers({
            "content-type": regex("^application/problem\\+json(;.*)?$", "application/problem+json"),
          })
          .jsonBody({ status: 409, reason: "sold-out" }),
      )
      .executeTest(async (mock) => {
        const result = await postToCart(form.action, form.fields, throughComposer(mock.url) as typeof fetch);
        expect(result).toEqual({ ok: false, soldOut: true, message: messageFor("sold-out") as string });
      });
  }, 30_000);
});

describe("checkout-web → checkout: the cart page's forms", () => {
  const sku = "CL-01-RD";
  const state = `cart ${CART_ID} holds 1 of sku ${sku}`;

  test("update a line - the shopper's cart - 303 back to the cart", async () => {
    const form = postForm(await served(renderCartPage(cartWith(sku, 1))), "/checkout/cart/update");
    const body = submit(form, { quantity: "3" });
    expect(new URLSearchParams(body).get("quantity")).toBe("3");
    await pact()
      .addInteraction()
      .given(state, { cartId: CART_ID, sku, quantity: 1 })
      .uponReceiving("checkout-web: the cart page's quantity form")
      .withRequest("POST", "/checkout/cart/update", (req) =>
        formBody(req, body).headers({ "x-tessera-cart-id": CART_ID }),
      )
      .willRespondWith(303, (res) => res.headers({ location: regex("^/checkout/cart$", "/checkout/cart") }))
      .executeTest(async (mock) => {
        const answer = await post(mock.url, form.action, body, { cookie: `tessera_cart=${CART_ID}` });
        expect(answer.status).toBe(303);
        expect(answer.headers.get("location")).toBe("/checkout/cart");
      });
  }, 30_000);

  test("remove a line - the shopper's cart - 303 back to the cart", async () => {
    const form = postForm(await served(renderCartPage(cartWith(sku, 1))), "/checkout/cart/remove");
    const body = submit(form);
    expect(new URLSearchParams(body).get("sku")).toBe(sku);
    await pact()
      .addInteraction()
      .given(state, { cartId: CART_ID, sku, quantity: 1 })
      .uponReceiving("checkout-web: the cart page's remove form")
      .withRequest("POST", "/checkout/cart/remove", (req) =>
        formBody(req, body).headers({ "x-tessera-cart-id": CART_ID }),
      )
      .willRespondWith(303, (res) => res.headers({ location: regex("^/checkout/cart$", "/checkout/cart") }))
      .executeTest(async (mock) => {
        const answer = await post(mock.url, form.action, body, { cookie: `tessera_cart=${CART_ID}` });
        expect(answer.status).toBe(303);
        expect(answer.headers.get("location")).toBe("/checkout/cart");
      });
  }, 30_000);
});

describe("checkout-web → checkout: the checkout page's place-order form", () => {
  const sku = "CL-01-GR";
  const cartId = "contract-cart-000000000002";
  const state = `cart ${cartId} holds 1 of sku ${sku}`;
  // `paymentToken` is the payments/payment-method fragment's radio group, nested in the form.
  const nested = ["paymentToken"];

  test("place the order - store pickup and a card - 303 to the thanks page for the order", async () => {
    const form = postForm(await served(renderCheckoutPage(cartWith(sku, 1))), "/checkout/place-order");
    const body = submit(form, { storeId: "store-hamburg", paymentToken: "tok_visa_success" }, nested);
    expect(new URLSearchParams(body).get("delivery")).toBe("pickup");
    await pact()
      .addInteraction()
      .given(state, { cartId, sku, quantity: 1 })
      .uponReceiving("checkout-web: the place-order form, store pickup and a card")
      .withRequest("POST", "/checkout/place-order", (req) =>
        formBody(req, body).headers({ "x-tessera-cart-id": cartId }),
      )
      .willRespondWith(303, (res) =>
        res.headers({
          location: regex("^/checkout/thanks\\?order=[A-Za-z0-9-]+$", "/checkout/thanks?order=ORD-1A2B3C"),
        }),
      )
      .executeTest(async (mock) => {
        const answer = await post(mock.url, form.action, body, { cookie: `tessera_cart=${cartId}` });
        expect(answer.status).toBe(303);
        expect(answer.headers.get("location")).toMatch(/^\/checkout\/thanks\?order=/);
      });
  }, 30_000);

  test("place the order - no payment method picked - 303 back with ?error=payment, shown on the checkout page", async () => {
    const form = postForm(await served(renderCheckoutPage(cartWith(sku, 1))), "/checkout/place-order");
    const body = submit(form, { storeId: "store-hamburg" });
    await pact()
      .addInteraction()
      .given(state, { cartId, sku, quantity: 1 })
      .uponReceiving("checkout-web: the place-order form without a payment method")
      .withRequest("POST", "/checkout/place-order", (req) =>
        formBody(req, body).headers({ "x-tessera-cart-id": cartId }),
      )
      .willRespondWith(303, (res) =>
        res.headers({
          location: regex(
            `^${escapeRegex("/checkout/checkout?error=payment")}$`,
            "/checkout/checkout?error=payment",
          ),
        }),
      )
      .executeTest(async (mock) => {
        const answer = await post(mock.url, form.action, body, { cookie: `tessera_cart=${cartId}` });
        expect(answer.status).toBe(303);
        const location = new URL(answer.headers.get("location") ?? "", "http://shop.test");
        const page = await renderToString(
          renderCheckoutPage(cartWith(sku, 1), location.searchParams.get("error") ?? undefined),
        );
        expect(page).toContain(messageFor("payment") as string);
      });
  }, 30_000);
});

describe("checkout-web → checkout: the mini-cart popover's GET /api/checkout/cart", () => {
  const sku = "AU-01-SI";
  const cartId = "contract-cart-000000000003";

  test("the popover opens - a cart with a line - lists its lines, count and total", async () => {
    await pact()
      .addInteraction()
      .given(`cart ${cartId} holds 2 of sku ${sku}`, { cartId, sku, quantity: 2 })
      .uponReceiving("checkout-web: the mini-cart popover asking for the shopper's cart")
      .withRequest("GET", "/api/cart", (req) =>
        req.headers({ accept: "application/json", "x-tessera-cart-id": cartId }),
      )
      .willRespondWith(200, (res) =>
        res.headers({ "content-type": regex("^application/json(;.*)?$", "application/json") }).jsonBody({
          count: integer(2),
          total: money,
          lines: eachLike({
            sku: string(sku),
            name: string("Contract tractor"),
            quantity: integer(2),
            lineTotal: money,
          }),
        }),
      )
      .executeTest(async (mock) => {
        const cart = await fetchCart(
          throughComposer(mock.url, { cookie: `tessera_cart=${cartId}` }) as typeof fetch,
        );
        expect(cart.count).toBe(2);
        expect(cart.lines[0]).toMatchObject({ sku, name: "Contract tractor", quantity: 2 });
        expect(cart.lines[0]?.lineTotal).toEqual({ amount: 5_890_000, currency: "EUR" });
      });
  }, 30_000);

  test("the popover opens - a shopper without a cart - an empty cart, no lines", async () => {
    await pact()
      .addInteraction()
      .uponReceiving("checkout-web: the mini-cart popover for a shopper without a cart")
      .withRequest("GET", "/api/cart", (req) => req.headers({ accept: "application/json" }))
      .willRespondWith(200, (res) =>
        res
          .headers({ "content-type": regex("^application/json(;.*)?$", "application/json") })
          .jsonBody({ count: 0, total: { amount: 0, currency: regex("^[A-Z]{3}$", "EUR") }, lines: [] }),
      )
      .executeTest(async (mock) => {
        const cart = await fetchCart(throughComposer(mock.url) as typeof fetch);
        expect(cart).toEqual({ count: 0, total: { amount: 0, currency: "EUR" }, lines: [] });
      });
  }, 30_000);
});
