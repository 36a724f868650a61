import { describe, expect, test } from "bun:test";
import { postToCart } from "./cart-request";
import {
  type CartData,
  type OrderData,
  renderAddToCart,
  renderCartPage,
  renderCheckoutPage,
  renderMiniCart,
  renderThanksPage,
  renderToStream,
  renderToString,
} from "./server";

/** Rendered HTML without lit's hydration comments. */
const text = async (result: Parameters<typeof renderToString>[0]) =>
  (await renderToString(result)).replace(/<!--\/?lit-[^>]*-->/g, "");

const cart: CartData = {
  count: 3,
  total: { amount: 30_000, currency: "EUR" },
  lines: [
    {
      sku: "T-1",
      productId: "P-1",
      name: `Tractor <b>"bold"</b> & co`,
      image: "/img/t1.svg",
      quantity: 3,
      unitPrice: { amount: 10_000, currency: "EUR" },
      lineTotal: { amount: 30_000, currency: "EUR" },
      unavailable: false,
    },
  ],
};

const order: OrderData = {
  id: "TSR-ABCDEFGH12",
  state: "confirmed",
  reason: null,
  lines: [{ sku: "T-1", name: "Tractor", quantity: 2, unitPrice: { amount: 1_000, currency: "EUR" } }],
  total: { amount: 2_000, currency: "EUR" },
  delivery: {
    type: "address",
    name: "Ada",
    street: "Main 1",
    postalCode: "12345",
    city: "Berlin",
    country: "DE",
  },
  placedAt: "2026-01-02T03:04:05.000Z",
};

describe("renderAddToCart", () => {
  test("an available variant - an enabled form with a labelled quantity picker bounded by the stock left", async () => {
    const html = await text(renderAddToCart({ sku: "T-1", soldOut: false, available: 3 }));
    expect(html).toContain('shadowrootmode="open"');
    expect(html).toContain('available="3"');
    expect(html.match(/<option /g)).toHaveLength(3);
    expect(html).toMatch(/<label>\s*Quantity\s*<select name="quantity"/);
    expect(html).toMatch(/<button type="submit"\s*>\s*Add to cart/);
  });

  test("a sold-out variant - the button is disabled and reads Sold out", async () => {
    const html = await text(renderAddToCart({ sku: "T-1", soldOut: true, available: 0 }));
    expect(html).toMatch(/<button type="submit"\s*disabled\s*>\s*Sold out/);
    expect(html).toMatch(/<select name="quantity"\s*disabled/);
  });

  test("a returnTo - travels as a hidden field", async () => {
    const html = await text(
      renderAddToCart({ sku: "T-1", soldOut: false, returnTo: "/product/P-1?sku=T-1" }),
    );
    expect(html).toContain('<input type="hidden" name="returnTo" value="/product/P-1?sku=T-1"');
  });
});

describe("renderMiniCart", () => {
  test("a count - the link to the cart says how many items, singular for one", async () => {
    expect(await text(renderMiniCart(1))).toContain('aria-label="Cart, 1 item"');
    const html = await text(renderMiniCart(4));
    expect(html).toContain('href="/checkout/cart"');
    expect(html).toContain('<span class="count">4</span>');
  });
});

describe("page renderers", () => {
  test("cart page - escapes product names and prices each line", async () => {
    const html = await text(renderCartPage(cart));
    expect(html).toContain("Tractor &lt;b&gt;&quot;bold&quot;&lt;/b&gt; &amp; co");
    expect(html).not.toContain("<b>");
    expect(html).toContain("€300.00");
    expect(html).toContain('aria-label="Remove Tractor &lt;b&gt;');
  });

  test("cart page with an unavailable line - asks to remove it and offers no way to checkout", async () => {
    const html = await text(
      renderCartPage({ ...cart, lines: [{ ...cart.lines[0], unavailable: true } as never] }),
    );
    expect(html).toContain("Remove the unavailable items to check out.");
    expect(html).not.toContain('href="/checkout/checkout"');
  });

  test("checkout page of an empty cart - no order form", async () => {
    const html = await text(
      renderCheckoutPage({ count: 0, total: { amount: 0, currency: "EUR" }, lines: [] }),
    );
    expect(html).toContain("Your cart is empty.");
    expect(html).not.toContain("/checkout/place-order");
  });

  test("checkout page - every control has a label", async () => {
    const html = await text(renderCheckoutPage(cart));
    const ids = [...html.matchAll(/<(?:input|select)[^>]*\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(5);
    for (const id of ids) expect(html).toContain(`for="${id}"`);
  });

  test("thanks page of a cancelled order - says why and leads back to the cart", async () => {
    const html = await text(renderThanksPage({ ...order, state: "cancelled", reason: "payment-declined" }));
    expect(html).toContain("Your card was declined. Nothing was charged and your cart is unchanged.");
    expect(html).toContain('href="/checkout/cart"');
  });

  test("thanks page - the address delivery and the order number", async () => {
    const html = await text(renderThanksPage(order));
    expect(html).toContain("TSR-ABCDEFGH12");
    expect(html).toContain("Germany");
    expect(html).toContain("€20.00");
  });

  test("streaming - gives the same markup as renderToString", async () => {
    const streamed = await new Response(renderToStream(renderCartPage(cart))).text();
    expect(streamed).toBe(await renderToString(renderCartPage(cart)));
  });
});

describe("postToCart (the hydrated add-to-cart's request)", () => {
  const answering = (status: number, body: unknown) =>
    (async (_url: string | URL | Request, init?: RequestInit) => {
      expect(new Headers(init?.headers).get("accept")).toBe("application/json");
      return new Response(JSON.stringify(body), { status });
    }) as typeof fetch;

  test("the cart accepts - the checkout:cart-updated detail carries the new count, total and sku", async () => {
    const result = await postToCart(
      "/checkout/cart/add",
      [
        ["sku", "T-1"],
        ["quantity", "2"],
      ],
      answering(200, { count: 5, total: { amount: 500, currency: "EUR" }, sku: "T-1", lines: [] }),
    );
    expect(result).toEqual({
      ok: true,
      detail: { count: 5, total: { amount: 500, currency: "EUR" }, sku: "T-1" },
    });
  });

  test("the variant sold out meanwhile - the sold-out message, and the button should turn to Sold out", async () => {
    const result = await postToCart(
      "/checkout/cart/add",
      [["sku", "T-1"]],
      answering(409, { reason: "sold-out" }),
    );
    expect(result).toEqual({ ok: false, message: "Sorry, this item is sold out.", soldOut: true });
  });

  test("the network fails - a message, never a throw", async () => {
    const failing = (async () => {
      throw new TypeError("fetch failed");
    }) as unknown as typeof fetch;
    const result = await postToCart("/checkout/cart/add", [["sku", "T-1"]], failing);
    expect(result).toMatchObject({ ok: false, soldOut: false });
  });

  test("a form rendered in the browser (no _csrf field) - the page's token goes along as x-csrf-token", async () => {
    const sent: Headers[] = [];
    const recording = (async (_url: string | URL | Request, init?: RequestInit) => {
      sent.push(new Headers(init?.headers));
      return Response.json({ count: 1, total: { amount: 100, currency: "EUR" } });
    }) as typeof fetch;
    await postToCart("/checkout/cart/add", [["sku", "T-1"]], recording, "page-token");
    await postToCart(
      "/checkout/cart/add",
      [
        ["_csrf", "form-token"],
        ["sku", "T-1"],
      ],
      recording,
      "page-token",
    );
    expect(sent.map((h) => h.get("x-csrf-token"))).toEqual(["page-token", null]);
  });
});
