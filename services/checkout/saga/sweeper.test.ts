import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eventually } from "@tessera/chassis/bus/conformance";
import { eq } from "drizzle-orm";
import { orders } from "../db/schema.ts";
import {
  type FakeInventory,
  type FakePayments,
  fakeInventory,
  fakePayments,
  get,
  givenProduct,
  type Harness,
  post,
  shopperWith,
  startCheckout,
} from "../testing/harness.ts";

// A service whose saga gives up on payments quickly, with its background sweeper running: the shopper's
// wait ends with the timeout's message rather than with the end of the wait.
let h: Harness;
let inventory: FakeInventory;
let payments: FakePayments;
beforeAll(async () => {
  h = await startCheckout({
    STOCK_TIMEOUT_MS: "10000",
    PAYMENT_TIMEOUT_MS: "300",
    SWEEP_INTERVAL_MS: "20",
    PLACE_ORDER_WAIT_MS: "10000",
  });
  inventory = await fakeInventory(h.bus);
  payments = await fakePayments(h.bus);
  await givenProduct(h, "CL-01-GR", 5_890_000);
});
afterAll(() => h.close());

const pickup = (paymentToken: string) => ({ delivery: "pickup", storeId: "store-berlin", paymentToken });

describe("saga sweeper — timeouts in the background", () => {
  test("payments never answers - the sweeper cancels, voids and releases; the form lands on the timeout message", async () => {
    const shopper = await shopperWith(h, { "CL-01-GR": 1 });
    const response = await post(h, "/checkout/place-order", pickup("tok_visa_timeout"), shopper);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/checkout/checkout?error=payment-timeout");
    const [order] = await h.service.ctx.database.db
      .select()
      .from(orders)
      .where(eq(orders.cartId, shopper.cartId as string));
    expect(order).toMatchObject({ state: "cancelled", reason: "payment-timeout" });
    const orderId = order?.id as string;
    await eventually(() => payments.voided.some((c) => c.orderId === orderId), 5000, "void-payment");
    await eventually(() => inventory.released.some((c) => c.orderId === orderId), 5000, "release-stock");
    expect((await (await get(h, "/api/cart", shopper)).json()).count).toBe(1);
  });
});
