import { describe, expect, test } from "bun:test";
import { CART_API, fetchCart } from "./mini-cart-popover";

const CART = {
  count: 2,
  total: { amount: 11_780_000, currency: "EUR" },
  lines: [
    {
      sku: "CL-01-GR",
      name: "Heritage Workhorse",
      quantity: 2,
      lineTotal: { amount: 11_780_000, currency: "EUR" },
    },
  ],
};

describe("fetchCart() (the mini-cart popover's data)", () => {
  test("the gateway answers - the cart, asked for as JSON with the shopper's cookies", async () => {
    const seen: { url: string; init?: RequestInit }[] = [];
    const fetcher = (async (url: string, init?: RequestInit) => {
      seen.push({ url, init });
      return Response.json(CART);
    }) as typeof fetch;
    expect(await fetchCart(fetcher)).toEqual(CART);
    expect(seen[0]?.url).toBe("/api/checkout/cart");
    expect(seen[0]?.init?.credentials).toBe("same-origin");
  });

  test("the gateway fails - throws naming the call and the status", async () => {
    const fetcher = (async () => new Response("down", { status: 503 })) as unknown as typeof fetch;
    await expect(fetchCart(fetcher)).rejects.toThrow(`GET ${CART_API} answered 503`);
  });
});
