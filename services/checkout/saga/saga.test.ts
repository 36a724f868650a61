import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { MessageRejected } from "@tessera/chassis/bus";
import { eventually } from "@tessera/chassis/bus/conformance";
import { context, trace } from "@tessera/chassis/trace";
import {
  AUTHORIZE_PAYMENT,
  COMMIT_STOCK,
  ORDER_CANCELLED,
  ORDER_CONFIRMED,
  ORDER_PLACED,
  OrderPlacedV1,
  PAYMENT_AUTHORIZED,
  PAYMENT_DECLINED,
  RELEASE_STOCK,
  RESERVE_STOCK,
  STOCK_RESERVED,
  StockReservedV1,
} from "@tessera/contracts/events";
import { and, eq } from "drizzle-orm";
import { auditLog, orders, outbox } from "../db/schema.ts";
import {
  deliver,
  type FakeInventory,
  type FakePayments,
  fakeInventory,
  fakePayments,
  get,
  givenProduct,
  type Harness,
  paymentAuthorized,
  post,
  type Shopper,
  shopperWith,
  startCheckout,
} from "../testing/harness.ts";
import { applyReply, replyApplier } from "./orchestrator.ts";
import { placeOrder } from "./place-order.ts";
import { cancelOverdue } from "./sweeper.ts";

let h: Harness;
let inventory: FakeInventory;
let payments: FakePayments;
beforeAll(async () => {
  h = await startCheckout();
  inventory = await fakeInventory(h.bus);
  payments = await fakePayments(h.bus);
  await givenProduct(h, "CL-01-GR", 5_890_000, "Heritage Workhorse — Green");
  await givenProduct(h, "AU-01-SI", 12_000_000, "FieldPilot A1 — Silver");
  await givenProduct(h, "GONE-1", 100_000, "Gone Tomorrow");
  inventory.rejectSkus.add("GONE-1");
}, 30_000); // the service under test starts slowly on a busy machine
afterAll(() => h.close());

const db = () => h.service.ctx.database.db;
const timing = { stockTimeoutMs: 10_000, paymentTimeoutMs: 10_000 };
const pickup = (paymentToken: string) => ({ delivery: "pickup", storeId: "store-munich", paymentToken });

const cartOf = async (shopper: Shopper) => (await get(h, "/api/cart", shopper)).json();
const orderRow = async (id: string) => (await db().select().from(orders).where(eq(orders.id, id)))[0];
const sent = async (subject: string, orderId: string) =>
  (await db().select().from(outbox).where(eq(outbox.subject, subject))).filter(
    (row) => (row.payload as { orderId: string }).orderId === orderId,
  );
const orderIdFrom = (location: string | null) =>
  new URL(location ?? "", "http://x").searchParams.get("order") ?? "";

/** Starts placing an order (not awaited) and resolves once payments was asked to authorise it. */
async function placeUntilAuthorizing(shopper: Shopper, token = "tok_visa_timeout") {
  const before = payments.authorizations.length;
  const response = post(h, "/checkout/place-order", pickup(token), shopper, true);
  await eventually(() => payments.authorizations.length > before, 5000, "the authorize-payment command");
  const orderId = payments.authorizations.at(-1)?.orderId as string;
  return { response, orderId };
}

describe("checkout saga — journeys", () => {
  test("place order with a good card - confirmed: thanks page, stock committed, order events out, cart emptied", async () => {
    const shopper = await shopperWith(h, { "CL-01-GR": 2, "AU-01-SI": 1 });
    const response = await post(h, "/checkout/place-order", pickup("tok_visa_success"), {
      ...shopper,
      user: "user-42",
    });
    expect(response.status).toBe(303);
    const location = response.headers.get("location");
    expect(location).toMatch(/^\/checkout\/thanks\?order=TSR-[0-9A-Z]{10}$/);
    const orderId = orderIdFrom(location);
    const order = await orderRow(orderId);
    expect(order).toMatchObject({ state: "confirmed", customerId: "user-42", totalCents: 23_780_000 });
    expect(inventory.reserved.find((c) => c.orderId === orderId)).toEqual({
      type: "ReserveStock",
      version: 1,
      orderId,
      lines: [
        { sku: "CL-01-GR", quantity: 2 },
        { sku: "AU-01-SI", quantity: 1 },
      ],
      storeId: "store-munich",
    });
    expect(payments.authorizations.find((c) => c.orderId === orderId)).toMatchObject({
      amount: { amount: 23_780_000, currency: "EUR" },
      token: "tok_visa_success",
    });
    await eventually(() => inventory.committed.some((c) => c.orderId === orderId), 5000, "commit-stock");
    const placed = OrderPlacedV1.parse((await sent(ORDER_PLACED, orderId))[0]?.payload);
    expect(placed.delivery).toEqual({ type: "pickup", storeId: "store-munich" });
    expect(await sent(ORDER_CONFIRMED, orderId)).toHaveLength(1);
    expect((await cartOf(shopper)).count).toBe(0);
    expect(inventory.released.some((c) => c.orderId === orderId)).toBe(false);
  });

  test("declined card - cancelled: back to checkout with the declined message, stock released, cart intact", async () => {
    const shopper = await shopperWith(h, { "CL-01-GR": 1 });
    const response = await post(h, "/checkout/place-order", pickup("tok_visa_declined"), shopper);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/checkout/checkout?error=payment-declined");
    const orderId = inventory.reserved.at(-1)?.orderId as string;
    expect(await orderRow(orderId)).toMatchObject({ state: "cancelled", reason: "payment-declined" });
    await eventually(() => inventory.released.some((c) => c.orderId === orderId), 5000, "release-stock");
    expect(await sent(ORDER_CANCELLED, orderId)).toHaveLength(1);
    expect(await sent(COMMIT_STOCK, orderId)).toHaveLength(0);
    expect((await cartOf(shopper)).count).toBe(1);
  });

  test("out of stock - cancelled with reason out-of-stock; nothing to authorise or release", async () => {
    const shopper = await shopperWith(h, { "GONE-1": 1, "CL-01-GR": 1 });
    const response = await post(h, "/checkout/place-order", pickup("tok_visa_success"), shopper);
    expect(response.headers.get("location")).toBe("/checkout/checkout?error=out-of-stock");
    const orderId = inventory.reserved.at(-1)?.orderId as string;
    expect(await orderRow(orderId)).toMatchObject({ state: "cancelled", reason: "out-of-stock" });
    expect(await sent(AUTHORIZE_PAYMENT, orderId)).toHaveLength(0);
    expect(inventory.released.some((c) => c.orderId === orderId)).toBe(false);
    expect((await cartOf(shopper)).count).toBe(2);
  });

  test("payment timeout - cancelled: payment voided, stock released, the shopper told, cart intact", async () => {
    const shopper = await shopperWith(h, { "AU-01-SI": 1 });
    const { response, orderId } = await placeUntilAuthorizing(shopper);
    expect(await cancelOverdue(db(), new Date(Date.now() + 60_000))).toContain(orderId);
    const answer = await response;
    expect(answer.status).toBe(201);
    expect(await answer.json()).toMatchObject({ id: orderId, state: "cancelled", reason: "payment-timeout" });
    await eventually(() => payments.voided.some((c) => c.orderId === orderId), 5000, "void-payment");
    await eventually(() => inventory.released.some((c) => c.orderId === orderId), 5000, "release-stock");
    expect((await cartOf(shopper)).count).toBe(1);
  });

  test("a duplicate reply delivered twice - is applied once", async () => {
    const shopper = await shopperWith(h, { "CL-01-GR": 1 });
    const { response, orderId } = await placeUntilAuthorizing(shopper);
    const reply = deliver(PAYMENT_AUTHORIZED, paymentAuthorized(orderId, 5_890_000), "reply-dup-1");
    expect(await applyReply(db(), reply, timing)).toBe("confirmed");
    expect(await applyReply(db(), reply, timing)).toBe("duplicate");
    // the same news under another message id (a provider retry) changes nothing either
    expect(await applyReply(db(), { ...reply, id: "reply-dup-2" }, timing)).toBe("ignored");
    expect(await sent(COMMIT_STOCK, orderId)).toHaveLength(1);
    expect(await sent(ORDER_CONFIRMED, orderId)).toHaveLength(1);
    expect((await (await response).json()).state).toBe("confirmed");
  });

  test("replies handed in together (one transaction) - each sees its order as the replies before it left it", async () => {
    const first = await placeUntilAuthorizing(await shopperWith(h, { "CL-01-GR": 1 }));
    const second = await placeUntilAuthorizing(await shopperWith(h, { "CL-01-GR": 1 }));
    const apply = replyApplier(db(), timing);
    const declined = (orderId: string) =>
      deliver(PAYMENT_DECLINED, { type: "PaymentDeclined", version: 1, orderId, reason: "Card declined." });
    const steps = await Promise.all([
      apply(deliver(PAYMENT_AUTHORIZED, paymentAuthorized(second.orderId, 5_890_000))),
      // handed in while the one above is applied
      apply(deliver(PAYMENT_AUTHORIZED, paymentAuthorized(first.orderId, 5_890_000))),
      apply(declined(first.orderId)), // too late: the order is confirmed by the reply before it
      apply(declined(second.orderId)),
    ]);
    expect(steps.map((s) => s.outcome)).toEqual(["confirmed", "confirmed", "ignored", "ignored"]);
    expect(steps[1]?.order).toMatchObject({ id: first.orderId, state: "confirmed" });
    expect((await orderRow(first.orderId))?.state).toBe("confirmed");
    expect((await orderRow(second.orderId))?.state).toBe("confirmed");
    expect(await sent(COMMIT_STOCK, first.orderId)).toHaveLength(1);
    await Promise.all([first.response, second.response]);
  });

  test("replies to several orders in one transaction - each order's change and messages written, each message with its own reply's trace", async () => {
    const [firstShopper, secondShopper] = [
      await shopperWith(h, { "CL-01-GR": 1 }),
      await shopperWith(h, { "CL-01-GR": 1 }),
    ];
    const first = await placeUntilAuthorizing(firstShopper);
    const second = await placeUntilAuthorizing(secondShopper);
    const apply = replyApplier(db(), timing);
    // each reply handled in a trace of its own, as the bus would hand it
    const inTrace = <T>(traceId: string, fn: () => Promise<T>) =>
      context.with(
        trace.setSpanContext(context.active(), { traceId, spanId: "00000000000000a1", traceFlags: 1 }),
        fn,
      );
    const [confirming, declining] = ["1".repeat(32), "2".repeat(32)];
    const steps = await Promise.all([
      apply(deliver(PAYMENT_AUTHORIZED, paymentAuthorized("TSR-0000000001", 1))),
      // handed in while the one above is applied: these two share the next transaction
      inTrace(confirming, () =>
        apply(deliver(PAYMENT_AUTHORIZED, paymentAuthorized(first.orderId, 5_890_000))),
      ),
      inTrace(declining, () =>
        apply(
          deliver(PAYMENT_DECLINED, {
            type: "PaymentDeclined",
            version: 1,
            orderId: second.orderId,
            reason: "Card declined.",
          }),
        ),
      ),
    ]);
    expect(steps.map((s) => s.outcome)).toEqual(["unknown-order", "confirmed", "cancelled"]);
    expect(await orderRow(first.orderId)).toMatchObject({ state: "confirmed", step: null, deadlineAt: null });
    expect(await orderRow(second.orderId)).toMatchObject({ state: "cancelled", reason: "payment-declined" });
    const traceOf = (row: { headers: unknown } | undefined) =>
      (row?.headers as { traceparent?: string } | undefined)?.traceparent?.split("-")[1];
    expect(traceOf((await sent(COMMIT_STOCK, first.orderId))[0])).toBe(confirming);
    expect(traceOf((await sent(ORDER_CONFIRMED, first.orderId))[0])).toBe(confirming);
    expect(traceOf((await sent(RELEASE_STOCK, second.orderId))[0])).toBe(declining);
    expect(traceOf((await sent(ORDER_CANCELLED, second.orderId))[0])).toBe(declining);
    const [cancelled] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subject, second.orderId), eq(auditLog.action, "order.cancelled")));
    expect(cancelled).toMatchObject({ detail: "payment-declined", traceId: declining });
    // the confirmed order's cart is emptied, the cancelled one's kept
    expect((await cartOf(firstShopper)).count).toBe(0);
    expect((await cartOf(secondShopper)).count).toBe(1);
    await Promise.all([first.response, second.response]);
  });

  test("a late authorisation after the order was cancelled - is voided", async () => {
    const shopper = await shopperWith(h, { "CL-01-GR": 1 });
    const { response, orderId } = await placeUntilAuthorizing(shopper);
    await cancelOverdue(db(), new Date(Date.now() + 60_000));
    expect((await (await response).json()).state).toBe("cancelled");
    await h.bus.publish(PAYMENT_AUTHORIZED, paymentAuthorized(orderId, 5_890_000), {
      id: crypto.randomUUID(),
    });
    await eventually(
      () => payments.voided.some((c) => c.orderId === orderId && c.reason === "late-authorization"),
      5000,
      "the void of the late authorisation",
    );
    expect(await orderRow(orderId)).toMatchObject({ state: "cancelled", reason: "payment-timeout" });
    expect(await sent(COMMIT_STOCK, orderId)).toHaveLength(0);
  });

  test("a late reservation after a stock timeout - is released again", async () => {
    const shopper = await shopperWith(h, { "CL-01-GR": 1 });
    inventory.silent = true;
    let orderId: string;
    try {
      const response = post(h, "/checkout/place-order", pickup("tok_visa_success"), shopper, true);
      await eventually(
        async () => (await db().select().from(orders)).some((o) => o.state === "pending"),
        5000,
        "pending",
      );
      orderId = (await db().select().from(orders)).find((o) => o.state === "pending")?.id as string;
      await cancelOverdue(db(), new Date(Date.now() + 60_000));
      expect((await (await response).json()).reason).toBe("stock-timeout");
    } finally {
      inventory.silent = false;
    }
    const late = StockReservedV1.parse({
      type: "StockReserved",
      version: 1,
      orderId,
      reservedAt: new Date().toISOString(),
    });
    expect(await applyReply(db(), deliver(STOCK_RESERVED, late), timing)).toBe("compensated");
    await eventually(
      () => inventory.released.some((c) => c.orderId === orderId && c.reason === "late-reservation"),
      5000,
      "the release of the late reservation",
    );
    expect(await sent(AUTHORIZE_PAYMENT, orderId)).toHaveLength(0);
  });

  test("a reply that does not match its contract - is rejected for the dead-letter stream and records nothing", async () => {
    const bad = deliver(
      PAYMENT_AUTHORIZED,
      { type: "PaymentAuthorized", orderId: "TSR-0000000000" },
      "reply-bad",
    );
    await expect(applyReply(db(), bad, timing)).rejects.toBeInstanceOf(MessageRejected);
    const good = deliver(PAYMENT_AUTHORIZED, paymentAuthorized("TSR-0000000000", 1), "reply-bad");
    expect(await applyReply(db(), good, timing)).toBe("unknown-order");
  });
});

describe("checkout saga — placing", () => {
  test("placing - writes the order and, in the same transaction, order-placed and reserve-stock", async () => {
    const shopper = await shopperWith(h, { "CL-01-GR": 1 });
    inventory.silent = true;
    try {
      const response = post(h, "/checkout/place-order", pickup("tok_visa_success"), shopper, true);
      await eventually(
        async () => (await db().select().from(orders)).some((o) => o.state === "pending"),
        5000,
        "pending",
      );
      const pending = (await db().select().from(orders)).find((o) => o.state === "pending");
      const orderId = pending?.id as string;
      expect(pending).toMatchObject({ step: "stock", customerId: null });
      expect(await sent(ORDER_PLACED, orderId)).toHaveLength(1);
      expect(await sent(RESERVE_STOCK, orderId)).toHaveLength(1);
      await cancelOverdue(db(), new Date(Date.now() + 60_000));
      expect(await (await response).json()).toMatchObject({ state: "cancelled", reason: "stock-timeout" });
      await eventually(() => inventory.released.some((c) => c.orderId === orderId), 5000, "release-stock");
    } finally {
      inventory.silent = false;
    }
  });

  test("placing twice while the first runs - returns the same order, never a second one", async () => {
    const shopper = await shopperWith(h, { "AU-01-SI": 1 });
    const { response, orderId } = await placeUntilAuthorizing(shopper);
    // the second answer comes when its wait ends (payments never answers, nothing sweeps): the
    // first order, still running; only then is it cancelled, so the two never race
    const again = await post(h, "/checkout/place-order", pickup("tok_visa_timeout"), shopper, true);
    expect(await again.json()).toMatchObject({ id: orderId, state: "pending" });
    await cancelOverdue(db(), new Date(Date.now() + 60_000));
    expect((await (await response).json()).id).toBe(orderId);
    expect(
      (
        await db()
          .select()
          .from(orders)
          .where(eq(orders.cartId, shopper.cartId as string))
      ).length,
    ).toBe(1);
  }, 20_000);

  test("a second pending order for a cart - is refused by the database (one pending order per cart)", async () => {
    const shopper = await shopperWith(h, { "CL-01-GR": 1 });
    const { response, orderId } = await placeUntilAuthorizing(shopper);
    const [order] = await db().select().from(orders).where(eq(orders.id, orderId));
    const second = { ...(order as typeof orders.$inferSelect), id: "TSR-SECOND0001" };
    const inserting = db()
      .insert(orders)
      .values(second)
      .then(() => "inserted");
    await expect(inserting).rejects.toThrow();
    await cancelOverdue(db(), new Date(Date.now() + 60_000));
    expect((await (await response).json()).state).toBe("cancelled");
    // once it is no longer pending, the cart may have another
    await db().insert(orders).values(second);
    await db().delete(orders).where(eq(orders.id, second.id));
  });

  test("a place losing the race for its cart - writes nothing (no order, entry or message) and returns the winner's order", async () => {
    const shopper = await shopperWith(h, { "CL-01-GR": 1 });
    const cartId = shopper.cartId as string;
    const winner = {
      id: "TSR-WINNER0001",
      cartId,
      customerId: null,
      state: "pending" as const,
      step: "stock" as const,
      lines: [],
      totalCents: 1,
      currency: "EUR",
      delivery: { type: "pickup" as const, storeId: "store-munich" },
      paymentToken: "tok_visa_success",
      deadlineAt: new Date(Date.now() + 60_000),
    };
    // the winner commits its order between this place's read of the cart and its write
    // (plain statements run on the executor's client: a stand-in for it counts them)
    let statements = 0;
    const client = (db() as unknown as { session: { client: Record<string, (...a: unknown[]) => unknown> } })
      .session.client;
    const racingClient = {
      query: async (...args: unknown[]) => {
        if (++statements === 2) await db().insert(orders).values(winner);
        return client.query?.(...args);
      },
      exec: typeof client.exec === "function" ? client.exec.bind(client) : undefined,
    };
    const racing = { session: { client: racingClient } } as unknown as ReturnType<typeof db>;
    const outboxBefore = (await db().select().from(outbox)).length;
    const auditBefore = (await db().select().from(auditLog)).length;
    const placed = await placeOrder(
      racing,
      { cartId, customerId: null, delivery: winner.delivery, paymentToken: "tok_visa_success" },
      timing,
    );
    expect(placed).toMatchObject({ id: winner.id, state: "pending" });
    expect(await db().select().from(orders).where(eq(orders.cartId, cartId))).toHaveLength(1);
    expect(await db().select().from(outbox)).toHaveLength(outboxBefore);
    expect(await db().select().from(auditLog)).toHaveLength(auditBefore);
    await db().update(orders).set({ state: "cancelled", step: null }).where(eq(orders.id, winner.id));
  });

  test("an empty cart - is refused: back to checkout with error=empty-cart, no order", async () => {
    const before = (await db().select().from(orders)).length;
    const response = await post(h, "/checkout/place-order", pickup("tok_visa_success"));
    expect(response.headers.get("location")).toBe("/checkout/checkout?error=empty-cart");
    expect(await db().select().from(orders)).toHaveLength(before);
  });

  test("an incomplete address - is a 422 naming the field (JSON) or error=delivery (form); nothing written", async () => {
    const shopper = await shopperWith(h, { "CL-01-GR": 1 });
    const before = (await db().select().from(outbox)).length;
    const fields = {
      delivery: "address",
      name: "Ada",
      street: "",
      postalCode: "80331",
      city: "München",
      country: "DE",
      paymentToken: "tok_visa_success",
    };
    const json = await post(h, "/checkout/place-order", fields, shopper, true);
    expect(json.status).toBe(422);
    expect((await json.json()).detail).toContain("body.street");
    const form = await post(h, "/checkout/place-order", fields, shopper);
    expect(form.headers.get("location")).toBe("/checkout/checkout?error=delivery");
    expect(await db().select().from(outbox)).toHaveLength(before);
  });

  test("an unknown store or payment token - is refused with error=delivery / error=payment", async () => {
    const shopper = await shopperWith(h, { "CL-01-GR": 1 });
    const store = await post(
      h,
      "/checkout/place-order",
      { ...pickup("tok_visa_success"), storeId: "store-paris" },
      shopper,
    );
    expect(store.headers.get("location")).toBe("/checkout/checkout?error=delivery");
    const token = await post(h, "/checkout/place-order", pickup("tok_mastercard"), shopper);
    expect(token.headers.get("location")).toBe("/checkout/checkout?error=payment");
  });

  test("delivery to an address - travels in order-placed, and reserve-stock names no store", async () => {
    const shopper = await shopperWith(h, { "CL-01-GR": 1 });
    const response = await post(
      h,
      "/checkout/place-order",
      {
        delivery: "address",
        name: "Ada Lovelace",
        street: "Marienplatz 1",
        postalCode: "80331",
        city: "München",
        country: "de",
        paymentToken: "tok_visa_success",
      },
      shopper,
      true,
    );
    expect(response.status).toBe(201);
    const order = await response.json();
    expect(order.state).toBe("confirmed");
    expect(order.delivery).toEqual({
      type: "address",
      name: "Ada Lovelace",
      street: "Marienplatz 1",
      postalCode: "80331",
      city: "München",
      country: "DE",
    });
    expect(inventory.reserved.find((c) => c.orderId === order.id)?.storeId).toBeUndefined();
  });
});
