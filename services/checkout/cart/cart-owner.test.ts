import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { cartCookieOf, get, givenProduct, type Harness, post, startCheckout } from "../testing/harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startCheckout();
  await givenProduct(h, "CL-01-GR", 5_890_000, "Heritage Workhorse — Green");
}, 60_000);
afterAll(() => h.close(), 30_000);

const count = async (shopper: { cartId?: string; user?: string }) =>
  ((await (await get(h, "/api/cart", shopper)).json()) as { count: number }).count;

describe("cart — bound to the signed-in user", () => {
  test("an anonymous cart - is a capability: whoever holds its id uses it, until a signed-in user does", async () => {
    const added = await post(h, "/checkout/cart/add", { sku: "CL-01-GR", quantity: "2" }, {}, true);
    const cartId = cartCookieOf(added) as string;
    expect(await count({ cartId })).toBe(2);
    // Ann signs in with it: the cart becomes hers
    expect(await count({ cartId, user: "ann" })).toBe(2);
    // now only Ann may use it: Bob, or the same id signed out, see no cart
    expect(await count({ cartId, user: "bob" })).toBe(0);
    expect(await count({ cartId })).toBe(0);
    expect(await count({ cartId, user: "ann" })).toBe(2);
  });

  test("another user adding with a cart id bound to someone else - starts a cart of their own; the owner's is untouched", async () => {
    const first = await post(
      h,
      "/checkout/cart/add",
      { sku: "CL-01-GR", quantity: "1" },
      { user: "cleo" },
      true,
    );
    const cleosCart = cartCookieOf(first) as string;
    expect(await count({ cartId: cleosCart, user: "cleo" })).toBe(1);
    const intruder = await post(
      h,
      "/checkout/cart/add",
      { sku: "CL-01-GR", quantity: "3" },
      { cartId: cleosCart, user: "dan" },
      true,
    );
    expect(intruder.status).toBe(200);
    const dansCart = cartCookieOf(intruder) as string;
    expect(dansCart).toBeDefined();
    expect(dansCart).not.toBe(cleosCart);
    expect(await count({ cartId: cleosCart, user: "cleo" })).toBe(1);
    expect(await count({ cartId: dansCart, user: "dan" })).toBe(3);
  });

  test("a plain x-tessera-user header - binds nothing and reads nothing", async () => {
    const added = await post(
      h,
      "/checkout/cart/add",
      { sku: "CL-01-GR", quantity: "1" },
      { user: "erin" },
      true,
    );
    const cartId = cartCookieOf(added) as string;
    expect(await count({ cartId, user: "erin" })).toBe(1);
    const forged = await h.service.app.request("/api/cart", {
      headers: { "x-tessera-cart-id": cartId, "x-tessera-user": "erin" },
    });
    expect(((await forged.json()) as { count: number }).count).toBe(0);
  });
});
