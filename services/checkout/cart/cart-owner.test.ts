import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { sql } from "drizzle-orm";
import { cartCookieOf, get, givenProduct, type Harness, post, startCheckout } from "../testing/harness.ts";
import { KnownOwners } from "./cart-owner.ts";

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

  test("a bound cart - is refused to others from what the instance remembers, without reading its owner again", async () => {
    const added = await post(
      h,
      "/checkout/cart/add",
      { sku: "CL-01-GR", quantity: "1" },
      { user: "fay" },
      true,
    );
    const cartId = cartCookieOf(added) as string;
    // were the owner read again, this (impossible) unbinding would let Gus claim the cart
    await h.service.ctx.database.db.execute(sql`update carts set owner_id = null where id = ${cartId}`);
    expect(await count({ cartId, user: "gus" })).toBe(0);
    expect(await count({ cartId, user: "fay" })).toBe(1);
  });
});

describe("KnownOwners", () => {
  test("remembered owners - are answered until more than max are remembered, the oldest forgotten first", () => {
    const owners = new KnownOwners(2);
    owners.remember("cart-a", "ann");
    owners.remember("cart-b", "bob");
    owners.remember("cart-a", "eve"); // an owner never changes: the first one stays
    expect(owners.get("cart-a")).toBe("ann");
    owners.remember("cart-c", "cleo");
    expect(owners.get("cart-a")).toBeUndefined();
    expect(owners.get("cart-b")).toBe("bob");
    expect(owners.get("cart-c")).toBe("cleo");
  });
});
