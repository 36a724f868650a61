/**
 * Identity's contract with checkout's order API: the account page lists the shopper's orders
 * from `GET /api/orders?customer=<id>`, speaking for the shopper with the identity token the
 * composer delegated to identity for checkout (`x-tessera-identity`). Identity's real client,
 * `fetchOrderHistory`, runs against Pact's mock server and must turn the answer into its views.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { MatchersV3, PactV4 } from "@pact-foundation/pact";
import { createHttpClient } from "@tessera/chassis/http";
import { silentLogger } from "@tessera/chassis/log";
import { fetchOrderHistory } from "../../services/identity/orders/history.ts";
import { identityHeaders } from "../support/identity-token.ts";
import { PACTS_DIR, stampPact, startPact } from "../support/pact.ts";

const { eachLike, integer, regex, string } = MatchersV3;
const CONSUMER = "identity";
const PROVIDER = "checkout";

beforeAll(() => startPact(CONSUMER, PROVIDER));
afterAll(() => stampPact(CONSUMER, PROVIDER));

const pact = new PactV4({ consumer: CONSUMER, provider: PROVIDER, dir: PACTS_DIR, logLevel: "warn" });
const money = { amount: integer(5_890_000), currency: regex("^[A-Z]{3}$", "EUR") };

describe("identity → checkout (GET /api/orders)", () => {
  test("order history - the customer has an order - becomes the account page's order list", async () => {
    const customer = "user-ada";
    const identity = await identityHeaders(customer, "checkout");
    await pact
      .addInteraction()
      .given(`customer ${customer} has an order`, { customerId: customer })
      .uponReceiving("identity: a request for a customer's orders")
      .withRequest("GET", "/api/orders", (req) => req.query({ customer }).headers(identity))
      .willRespondWith(200, (res) =>
        res.jsonBody({
          items: eachLike({
            id: regex("^[A-Z0-9-]{4,40}$", "ORD-USERADA"),
            state: regex("^(pending|confirmed|cancelled)$", "confirmed"),
            total: money,
            placedAt: regex(
              "^\\d{4}-\\d{2}-\\d{2}T[\\d:.]+(Z|[+-]\\d{2}:\\d{2})$",
              "2026-01-01T00:00:00.000Z",
            ),
            lines: eachLike({
              sku: string("CL-01-GR"),
              name: string("Heritage Workhorse"),
              quantity: integer(1),
              unitPrice: money,
            }),
          }),
        }),
      )
      .executeTest(async (mock) => {
        const orders = await fetchOrderHistory(
          customer,
          {
            http: createHttpClient({ timeoutMs: 5000 }),
            checkoutUrl: mock.url,
            timeoutMs: 5000,
            log: silentLogger,
          },
          identity,
        );
        expect(orders).toBeDefined();
        expect(orders?.[0]).toMatchObject({
          id: "ORD-USERADA",
          state: "confirmed",
          total: { amount: 5_890_000 },
        });
        expect(orders?.[0]?.lines[0]?.unitPrice).toEqual({ amount: 5_890_000, currency: "EUR" });
      });
  }, 30_000);
});
