/**
 * inventory's browser side (`inventory-web`: the stock badge once hydrated) → the inventory
 * service, through the composer's API gateway: the badge's own `fetchStock` asks
 * `GET /api/inventory/stock/<sku>`, which inventory sees as `GET /api/stock/<sku>`. The pact holds
 * the fields the badge shows, and the 404 problem for a sku inventory does not know (the badge then
 * keeps what the server rendered).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { MatchersV3, PactV4 } from "@pact-foundation/pact";
import { fetchStock } from "../../fragments/inventory/src/stock-request.ts";
import { throughComposer } from "../support/browser.ts";
import { PACTS_DIR, stampPact, startPact } from "../support/pact.ts";

const { eachLike, integer, regex, string } = MatchersV3;
const CONSUMER = "inventory-web";
const PROVIDER = "inventory";
const STATUS = "^(in-stock|low|sold-out)$";

beforeAll(() => startPact(CONSUMER, PROVIDER));
afterAll(() => stampPact(CONSUMER, PROVIDER));

const pact = () => new PactV4({ consumer: CONSUMER, provider: PROVIDER, dir: PACTS_DIR, logLevel: "warn" });

describe("inventory-web → inventory: the stock badge's GET /api/inventory/stock/:sku", () => {
  test("stock badge - a sku inventory knows - the totals and each store's share", async () => {
    const sku = "CL-01-GR";
    await pact()
      .addInteraction()
      .given(`stock is known for sku ${sku}`, { sku })
      .uponReceiving("inventory-web: the stock badge re-reading a sku's stock")
      .withRequest("GET", `/api/stock/${sku}`, (req) => req.headers({ accept: "application/json" }))
      .willRespondWith(200, (res) =>
        res.headers({ "content-type": regex("^application/json(;.*)?$", "application/json") }).jsonBody({
          sku,
          available: integer(12),
          status: regex(STATUS, "in-stock"),
          stores: eachLike({
            storeId: string("store-hamburg"),
            available: integer(12),
            status: regex(STATUS, "in-stock"),
          }),
        }),
      )
      .executeTest(async (mock) => {
        const view = await fetchStock(sku, throughComposer(mock.url) as typeof fetch);
        expect(view).toMatchObject({ sku, available: 12, status: "in-stock" });
        expect(view?.stores[0]).toEqual({ storeId: "store-hamburg", available: 12, status: "in-stock" });
      });
  }, 30_000);

  test("stock badge - a sku inventory does not know - a 404 problem, the badge keeps what it shows", async () => {
    const sku = "ZZ-99-XX";
    await pact()
      .addInteraction()
      .uponReceiving("inventory-web: the stock badge asking for a sku inventory does not know")
      .withRequest("GET", `/api/stock/${sku}`, (req) => req.headers({ accept: "application/json" }))
      .willRespondWith(404, (res) =>
        res
          .headers({
            "content-type": regex("^application/problem\\+json(;.*)?$", "application/problem+json"),
          })
          .jsonBody({ status: 404 }),
      )
      .executeTest(async (mock) => {
        expect(await fetchStock(sku, throughComposer(mock.url) as typeof fetch)).toBeUndefined();
      });
  }, 30_000);
});
