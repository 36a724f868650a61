/**
 * catalog's browser side (`catalog-web`: the quick view a product card opens) → the catalog
 * service, through the composer's API gateway: the quick view's own `fetchProduct` asks
 * `GET /api/catalog/products/<sku>`, which the catalog sees as `GET /api/products/<sku>`. The
 * pact holds the fields the dialog shows, and the problem+json answer for a product the catalog
 * does not have (the dialog then says it cannot show it).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { MatchersV3, PactV4 } from "@pact-foundation/pact";
import { fetchProduct } from "../../fragments/catalog/src/quick-view.ts";
import { throughComposer } from "../support/browser.ts";
import { PACTS_DIR, stampPact, startPact } from "../support/pact.ts";

const { integer, regex, string } = MatchersV3;
const CONSUMER = "catalog-web";
const PROVIDER = "catalog";

beforeAll(() => startPact(CONSUMER, PROVIDER));
afterAll(() => stampPact(CONSUMER, PROVIDER));

const pact = () => new PactV4({ consumer: CONSUMER, provider: PROVIDER, dir: PACTS_DIR, logLevel: "warn" });

describe("catalog-web → catalog: the quick view's GET /api/catalog/products/:sku", () => {
  test("quick view - a product the catalogue holds - the fields the dialog shows", async () => {
    const sku = "CL-01-GR";
    await pact()
      .addInteraction()
      .given("the catalogue is seeded")
      .given(`a product with sku ${sku} exists`, { sku })
      .uponReceiving("catalog-web: the quick view asking for a variant")
      .withRequest("GET", `/api/products/${sku}`, (req) => req.headers({ accept: "application/json" }))
      .willRespondWith(200, (res) =>
        res.headers({ "content-type": regex("^application/json(;.*)?$", "application/json") }).jsonBody({
          sku,
          productId: string("TR-CL-001"),
          productName: string("Heritage Workhorse"),
          name: string("Heritage Workhorse, Meadow Green"),
          description: string("A tractor for every field."),
          colorName: string("Meadow Green"),
          price: { amount: integer(5_890_000), currency: regex("^[A-Z]{3}$", "EUR") },
          image: regex("^/\\S+$", "/api/catalog/images/CL-01-GR.v1.svg"),
        }),
      )
      .executeTest(async (mock) => {
        const product = await fetchProduct(sku, throughComposer(mock.url) as typeof fetch);
        expect(product).toMatchObject({ sku, productId: "TR-CL-001", colorName: "Meadow Green" });
        expect(product.price).toEqual({ amount: 5_890_000, currency: "EUR" });
      });
  }, 30_000);

  test("quick view - a sku the catalogue does not have - a 404 problem, the dialog says it failed", async () => {
    const sku = "ZZ-99-XX";
    await pact()
      .addInteraction()
      .given(`no product with sku ${sku}`, { sku })
      .uponReceiving("catalog-web: the quick view asking for a variant the catalogue does not have")
      .withRequest("GET", `/api/products/${sku}`, (req) => req.headers({ accept: "application/json" }))
      .willRespondWith(404, (res) =>
        res
          .headers({
            "content-type": regex("^application/problem\\+json(;.*)?$", "application/problem+json"),
          })
          .jsonBody({ status: 404, detail: string(`No product with sku "${sku}"`) }),
      )
      .executeTest(async (mock) => {
        await expect(fetchProduct(sku, throughComposer(mock.url) as typeof fetch)).rejects.toThrow(
          `GET /api/catalog/products/${sku} answered 404`,
        );
      });
  }, 30_000);
});
