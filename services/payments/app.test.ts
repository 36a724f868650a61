import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type BusMessage, createInProcessBus } from "@tessera/chassis/bus";
import { eventually } from "@tessera/chassis/bus/conformance";
import { type BuiltService, buildService } from "@tessera/chassis/service";
import {
  AUTHORIZE_PAYMENT,
  PAYMENT_AUTHORIZED,
  PAYMENT_DECLINED,
  PaymentAuthorizedV1,
  PaymentDeclinedV1,
  type PaymentToken,
  VOID_PAYMENT,
} from "@tessera/contracts/events";
import { FragmentManifest } from "@tessera/contracts/fragment-manifest";
import { payments } from "./app.ts";
import { authorizePayment } from "./events/authorize-payment.ts";
import { voidPayment } from "./events/void-payment.ts";

const bus = createInProcessBus();
let service: BuiltService;
const replies: BusMessage[] = [];
beforeAll(async () => {
  service = await buildService(payments, { env: { LOG_LEVEL: "silent" }, inMemory: true, bus });
  await service.start();
  await bus.consume({
    durable: "test-replies",
    subject: "payments.>",
    handler: async (m) => void replies.push(m),
  });
});
afterAll(async () => {
  await service.close();
  await bus.close();
});

let counter = 0;
const db = () => service.ctx.database.db;
const request = (path: string) => service.app.request(path);
const authorize = (orderId: string, token: PaymentToken, amount = 5_890_000) => ({
  type: "AuthorizePayment",
  version: 1,
  orderId,
  amount: { amount, currency: "EUR" },
  token,
});
const voidCommand = (orderId: string) => ({
  type: "VoidPayment",
  version: 1,
  orderId,
  reason: "out-of-stock",
});
const message = (subject: string, data: unknown, id = `direct-${++counter}`): BusMessage => ({
  id,
  subject,
  data,
  headers: {},
  deliveryCount: 1,
});
const repliesFor = (subject: string, orderId: string) =>
  replies.filter((m) => m.subject === subject && (m.data as { orderId: string }).orderId === orderId);
async function reply(subject: string, orderId: string): Promise<BusMessage> {
  await eventually(() => repliesFor(subject, orderId).length > 0, 5000, `${subject} for ${orderId}`);
  return repliesFor(subject, orderId)[0] as BusMessage;
}
const payment = async (orderId: string) => (await request(`/api/payments/${orderId}`)).json();

describe("payments — authorising", () => {
  test("the approving test card - replies PaymentAuthorized and records the payment", async () => {
    await bus.publish(AUTHORIZE_PAYMENT, authorize("ORD-5001", "tok_visa_success"), { id: "cmd-5001" });
    const authorized = PaymentAuthorizedV1.parse((await reply(PAYMENT_AUTHORIZED, "ORD-5001")).data);
    expect(authorized.amount).toEqual({ amount: 5_890_000, currency: "EUR" });
    expect(await payment("ORD-5001")).toMatchObject({
      orderId: "ORD-5001",
      paymentId: authorized.paymentId,
      status: "authorized",
      method: { token: "tok_visa_success", card: "Visa •••• 4242" },
      amount: { amount: 5_890_000, currency: "EUR" },
    });
  });

  test("the declining test card - replies PaymentDeclined with a reason a shopper understands", async () => {
    await bus.publish(AUTHORIZE_PAYMENT, authorize("ORD-5002", "tok_visa_declined"), { id: "cmd-5002" });
    const declined = PaymentDeclinedV1.parse((await reply(PAYMENT_DECLINED, "ORD-5002")).data);
    expect(declined.reason).toBe("Your card was declined.");
    expect(await payment("ORD-5002")).toMatchObject({
      status: "declined",
      declineReason: "Your card was declined.",
    });
    expect(repliesFor(PAYMENT_AUTHORIZED, "ORD-5002")).toHaveLength(0);
  });

  test("the timing-out test card - records a pending attempt and never replies", async () => {
    expect(
      await authorizePayment(db(), message(AUTHORIZE_PAYMENT, authorize("ORD-5003", "tok_visa_timeout"))),
    ).toBe("pending");
    // A later message's reply proves the relay has published everything written before it.
    await bus.publish(AUTHORIZE_PAYMENT, authorize("ORD-5004", "tok_visa_success"), { id: "cmd-5004" });
    await reply(PAYMENT_AUTHORIZED, "ORD-5004");
    expect(repliesFor(PAYMENT_AUTHORIZED, "ORD-5003")).toHaveLength(0);
    expect(repliesFor(PAYMENT_DECLINED, "ORD-5003")).toHaveLength(0);
    expect((await payment("ORD-5003")).status).toBe("pending");
  });

  test("the same command delivered twice - authorises once", async () => {
    const m = message(AUTHORIZE_PAYMENT, authorize("ORD-5005", "tok_visa_success"));
    expect(await authorizePayment(db(), m)).toBe("authorized");
    expect(await authorizePayment(db(), m)).toBe("duplicate");
  });

  test("the saga asking again for an authorised order - repeats the same payment id", async () => {
    const first = PaymentAuthorizedV1.parse((await reply(PAYMENT_AUTHORIZED, "ORD-5001")).data);
    expect(
      await authorizePayment(db(), message(AUTHORIZE_PAYMENT, authorize("ORD-5001", "tok_visa_success"))),
    ).toBe("repeated");
    await eventually(
      () => repliesFor(PAYMENT_AUTHORIZED, "ORD-5001").length === 2,
      5000,
      "the repeated reply",
    );
    const again = PaymentAuthorizedV1.parse(repliesFor(PAYMENT_AUTHORIZED, "ORD-5001")[1]?.data);
    expect(again.paymentId).toBe(first.paymentId);
  });

  test("a command with a token the provider does not know - is refused and records nothing", async () => {
    const bad = message(AUTHORIZE_PAYMENT, {
      ...authorize("ORD-5006", "tok_visa_success"),
      token: "4242424242424242",
    });
    await expect(authorizePayment(db(), bad)).rejects.toThrow();
    expect((await request("/api/payments/ORD-5006")).status).toBe(404);
  });
});

describe("payments — voiding", () => {
  test("void of an authorised payment - voids it; voiding again changes nothing", async () => {
    await authorizePayment(db(), message(AUTHORIZE_PAYMENT, authorize("ORD-6001", "tok_visa_success")));
    await bus.publish(VOID_PAYMENT, voidCommand("ORD-6001"), { id: "void-6001" });
    await eventually(async () => (await payment("ORD-6001")).status === "voided", 5000, "the void");
    expect(await payment("ORD-6001")).toMatchObject({
      voidReason: "out-of-stock",
      voidedAt: expect.any(String),
    });
    expect(await voidPayment(db(), message(VOID_PAYMENT, voidCommand("ORD-6001")))).toBe("not-voidable");
  });

  test("void of a pending attempt (the card timed out) - voids it", async () => {
    await authorizePayment(db(), message(AUTHORIZE_PAYMENT, authorize("ORD-6002", "tok_visa_timeout")));
    expect(await voidPayment(db(), message(VOID_PAYMENT, voidCommand("ORD-6002")))).toBe("voided");
    expect((await payment("ORD-6002")).status).toBe("voided");
  });

  test("void of a declined payment - leaves it declined", async () => {
    await authorizePayment(db(), message(AUTHORIZE_PAYMENT, authorize("ORD-6003", "tok_visa_declined")));
    expect(await voidPayment(db(), message(VOID_PAYMENT, voidCommand("ORD-6003")))).toBe("not-voidable");
    expect((await payment("ORD-6003")).status).toBe("declined");
  });

  test("void for an unknown order - is a no-op, and an authorisation arriving after it is voided, not approved", async () => {
    expect(await voidPayment(db(), message(VOID_PAYMENT, voidCommand("ORD-6004")))).toBe("unknown-order");
    expect((await request("/api/payments/ORD-6004")).status).toBe(404);
    expect(
      await authorizePayment(db(), message(AUTHORIZE_PAYMENT, authorize("ORD-6004", "tok_visa_success"))),
    ).toBe("voided");
    expect((await payment("ORD-6004")).status).toBe("voided");
  });
});

describe("payments — API", () => {
  test("GET /api/payments/:orderId for an order without a payment - is a 404 problem naming it", async () => {
    const response = await request("/api/payments/ORD-9999");
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect((await response.json()).detail).toBe('No payment for order "ORD-9999"');
  });

  test("GET /api/payments/:orderId with a malformed order id - is a 404 problem", async () => {
    expect((await request("/api/payments/not%20an%20order")).status).toBe(404);
  });
});

describe("payments — payment-method fragment", () => {
  test("GET /fragments/payment-method - a fieldset of paymentToken radios with its stylesheet linked", async () => {
    const response = await request("/fragments/payment-method");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("fragment-version")).toMatch(/^payments@\d+\.\d+\.\d+/);
    const html = await response.text();
    expect(html).toContain('data-boundary="payments/payment-method"');
    expect(html.match(/name="paymentToken"/g)).toHaveLength(3);
    expect(html).toMatch(/value="tok_visa_success" required checked/);
    const href = /<link rel="stylesheet" href="\/_assets\/payments\/([^"]+)">/.exec(html)?.[1];
    const css = await request(`/assets/${href}`);
    expect(css.status).toBe(200);
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(css.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(await css.text()).toContain(".payments-method");
  });

  test("GET /fragments/payment-method?selected= - checks the shopper's previous choice", async () => {
    const html = await (await request("/fragments/payment-method?selected=tok_visa_declined")).text();
    expect(html).toMatch(/value="tok_visa_declined" required checked/);
    expect(html).not.toMatch(/value="tok_visa_success" required checked/);
  });

  test("GET /fragments/payment-method with an unknown method - is a 422 naming query.selected", async () => {
    const response = await request("/fragments/payment-method?selected=tok_mastercard");
    expect(response.status).toBe(422);
    expect((await response.json()).detail).toContain("query.selected");
  });

  test("GET /fragments/manifest.json - a valid manifest: the picker the shell hydrates, its module, the remote's scripts with integrity, the stylesheet", async () => {
    const manifest = FragmentManifest.parse(await (await request("/fragments/manifest.json")).json());
    expect(manifest.fragments["payment-method"]).toMatchObject({
      endpoint: "/fragments/payment-method",
      params: ["selected"],
      element: "payments-method-picker",
      module: "payments/payment-method",
    });
    expect(manifest.federation).toMatchObject({
      name: "tessera_payments",
      alias: "payments",
      manifest: "/assets/mf-manifest.json",
      exposes: { "./payment-method": "payments-method-picker" },
    });
    const entry = manifest.assets.js.find((s) => s.path === "/assets/remoteEntry.js");
    const served = await request("/assets/remoteEntry.js");
    expect(served.status).toBe(200);
    const digest = new Bun.CryptoHasher("sha384").update(await served.arrayBuffer()).digest("base64");
    expect(entry?.integrity).toBe(`sha384-${digest}`);
    expect((await request("/assets/mf-manifest.json")).headers.get("access-control-allow-origin")).toBe("*");
    const [css] = manifest.assets.css;
    expect(css?.integrity).toMatch(/^sha384-/);
    expect((await request(css?.path ?? "")).status).toBe(200);
  });

  test("GET /fragments/payment-method - the picker around the fieldset, saying which version rendered it", async () => {
    const response = await request("/fragments/payment-method");
    expect(response.headers.get("fragment-version")).toBe("payments@0.1.0");
    const html = await response.text();
    expect(html).toMatch(/<payments-method-picker[^>]*><template shadowroot(mode)?="open"/);
    expect(html).toContain('name="paymentToken"');
  });
});

describe("payments — OpenAPI", () => {
  test("GET /openapi.json - documents the payments API and the fragment's parameter", async () => {
    const doc = await (await request("/openapi.json")).json();
    expect(doc.openapi).toBe("3.1.0");
    const view = doc.paths["/api/payments/{orderId}"].get.responses["200"].content["application/json"].schema;
    expect(view.properties.status.enum).toEqual(["authorized", "declined", "pending", "voided"]);
    const selected = doc.paths["/fragments/payment-method"].get.parameters[0];
    expect(selected).toMatchObject({ name: "selected", in: "query", required: false });
    expect(selected.schema.enum).toEqual(["tok_visa_success", "tok_visa_declined", "tok_visa_timeout"]);
  });
});
