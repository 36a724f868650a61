/**
 * The composer's contract with the catalog's fragment edge: the manifest it reads, the
 * product-card HTML it streams into pages, and the 404 that turns a page into a "not found".
 * The composer's own code (manifest store, resolver, compose) runs against Pact's mock server.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { MatchersV3, PactV4 } from "@pact-foundation/pact";
import { createHttpClient } from "@tessera/chassis/http";
import { silentLogger } from "@tessera/chassis/log";
import { createMetrics } from "@tessera/chassis/metrics";
import { FragmentManifest } from "@tessera/contracts/fragment-manifest";
import { compose, PageFailure } from "../../composer/compose.ts";
import { federationFor } from "../../composer/fragments/federation.ts";
import type { ManifestStore } from "../../composer/fragments/manifests.ts";
import { parseTemplate } from "../../composer/template/parse.ts";
import { fragmentPipeline } from "../../composer/testing/pipeline.ts";
import { batchAnswer, batchRequest } from "../support/fragment-batch.ts";
import { PACTS_DIR, stampPact, startPact } from "../support/pact.ts";

const { like, regex, reify } = MatchersV3;
const CONSUMER = "composer";
const PROVIDER = "catalog";

beforeAll(() =>
  startPact(CONSUMER, PROVIDER, {
    name: "product-card",
    owns: (i) =>
      i.description.startsWith("a request for the product card") ||
      i.description === "a request for the catalog's fragment manifest",
  }),
);
afterAll(() => stampPact(CONSUMER, PROVIDER));

const pact = new PactV4({ consumer: CONSUMER, provider: PROVIDER, dir: PACTS_DIR, logLevel: "warn" });

/** The page the composer builds: one product card, primary (its 404 is the page's 404). */
const page = parseTemplate(
  "contract",
  '<main><tessera-fragment service="catalog" name="product-card" sku="{query.sku}" tier="primary"></tessera-fragment></main>',
);

/**
 * The composer's fragment pipeline, pointed at the mock catalog. Each interaction gets its own
 * mock server, so the card tests read the manifest from the first interaction's example.
 */
async function composerAgainst(catalogUrl: string) {
  const http = createHttpClient({ timeoutMs: 5000 });
  // Discovery (a static registry holding the mock), upstream and resolver: the composer's own code.
  const pipeline = await fragmentPipeline({
    services: { catalog: catalogUrl },
    http,
    log: silentLogger,
    metrics: createMetrics({ service: CONSUMER, version: "contract", processMetrics: false }),
    defaultTimeoutMs: 5000,
    manifests: exampleManifests,
  });
  const resolve = pipeline.resolve;
  const slot = page.slots[0];
  if (!slot) throw new Error("the contract page has no fragment slot");
  const render = (sku: string) => {
    const url = new URL(`http://composer.test/?sku=${sku}`);
    return compose(page, {
      resolve: (s) => resolve(s, { request: new Request(url), url, params: {}, context: new Headers() }),
      vars: {},
      nonce: "contract",
    });
  };
  return { resolve, slot, render };
}

/** The manifest fields the composer reads, with the formats its schema insists on. */
const manifestBody = {
  team: regex("^[a-z][a-z0-9-]*$", "catalog"),
  version: like("0.1.0"),
  fragments: {
    "product-card": {
      endpoint: regex("^/[A-Za-z0-9/._-]*$", "/fragments/product-card"),
      element: regex("^[a-z]+-[a-z0-9-]+$", "catalog-product-card"),
      module: regex("^[a-z0-9_-]+/[a-z0-9_-]+$", "catalog/product-card"),
      fallback: like('<p class="fragment-fallback">This product is not available right now.</p>'),
    },
  },
  federation: {
    name: regex("^[a-z_][a-z0-9_]*$", "tessera_catalog"),
    alias: regex("^[a-z0-9_-]+$", "catalog"),
    // The composer serves the remote from /_assets/<team>/…, mapped onto the service's /assets/.
    manifest: regex("^/assets/[A-Za-z0-9/._-]+$", "/assets/mf-manifest.json"),
  },
  // Where the composer asks for several of the catalog's fragments in one request.
  batch: regex("^/[A-Za-z0-9/._-]*$", "/fragments/batch"),
  assets: {},
};

/**
 * The product card as the composer needs it, one rule per promise so a mismatch names the
 * broken one: the root custom element carries the boundary marker and the sku (in any
 * attribute order), and holds a declarative shadow root. Oniguruma (Pact's regex engine)
 * has no `(?s)`, hence `[\s\S]`; each pattern must match the whole body.
 */
const ROOT = "[\\s\\S]*<catalog-product-card";
const cardPatterns = (sku: string) => ({
  boundary: `${ROOT}(?=[^>]*\\sdata-boundary="catalog/product-card")[^>]*>[\\s\\S]*`,
  sku: `${ROOT}(?=[^>]*\\ssku="${sku}")[^>]*>[\\s\\S]*`,
  shadowRoot:
    `${ROOT}[^>]*>(?:\\s|<!--[\\s\\S]*?-->)*<template(?=[^>]*\\sshadowrootmode="open")[^>]*>` +
    "[\\s\\S]*</template>(?:\\s|<!--[\\s\\S]*?-->)*</catalog-product-card>[\\s\\S]*",
});

const exampleManifests: ManifestStore = {
  get: async () => FragmentManifest.parse(reify(manifestBody)),
  stop: () => {},
};

const cardExample = (sku: string) =>
  `<!--lit-part--><catalog-product-card data-boundary="catalog/product-card" sku="${sku}" name="Heritage Workhorse" price="5890000" currency="EUR">` +
  '<template shadowroot="open" shadowrootmode="open"><article><h2>Heritage Workhorse</h2></article></template>' +
  "</catalog-product-card><!--/lit-part-->";

describe("composer → catalog (fragments)", () => {
  test("reads the catalog's fragment manifest", async () => {
    await pact
      .addInteraction()
      .given("the catalogue is seeded")
      .uponReceiving("a request for the catalog's fragment manifest")
      .withRequest("GET", "/fragments/manifest.json", (req) => req.headers({ accept: "application/json" }))
      .willRespondWith(200, (res) => res.jsonBody(manifestBody))
      .executeTest(async (mock) => {
        const pipeline = await fragmentPipeline({
          services: { catalog: mock.url },
          http: createHttpClient({ timeoutMs: 5000 }),
          log: silentLogger,
          metrics: createMetrics({ service: CONSUMER, version: "contract", processMetrics: false }),
          defaultTimeoutMs: 5000,
        });
        const { manifests } = pipeline;
        const manifest = await manifests.get("catalog");
        pipeline.stop();
        expect(manifest?.batch).toBe("/fragments/batch");
        expect(manifest?.fragments["product-card"]).toMatchObject({
          endpoint: "/fragments/product-card",
          element: "catalog-product-card",
          module: "catalog/product-card",
        });
        // The shell's hydration data comes from the same manifest.
        expect(await federationFor(page.slots, manifests)).toEqual({
          remotes: [
            { name: "tessera_catalog", alias: "catalog", entry: "/_assets/catalog/mf-manifest.json" },
          ],
          components: { "catalog-product-card": "catalog/product-card" },
        });
      });
  });

  test("streams a product card into the page", async () => {
    const sku = "CL-01-GR";
    const example = cardExample(sku);
    await pact
      .addInteraction()
      .given("the catalogue is seeded")
      .given(`a product with sku ${sku} exists`, { sku })
      .uponReceiving(`a request for the product card of ${sku}`)
      .withRequest("GET", "/fragments/product-card", (req) =>
        req.query({ sku }).headers({ accept: "text/html" }),
      )
      .willRespondWith(200, (res) =>
        res
          .headers({ "content-type": regex("^text/html(;.*)?$", "text/html; charset=utf-8") })
          .body("text/html", Buffer.from(example))
          .matchingRules({
            body: [{ path: "$", rules: Object.values(cardPatterns(sku)).map((p) => regex(p, example)) }],
          }),
      )
      .executeTest(async (mock) => {
        const { resolve, slot } = await composerAgainst(mock.url);
        const url = new URL(`http://composer.test/?sku=${sku}`);
        const result = await resolve(slot, {
          request: new Request(url),
          url,
          params: {},
          context: new Headers(),
        });
        expect(result.fallback).toBe(false);
        expect(result.status).toBe(200);
        const html = await new Response(result.body as BodyInit).text();
        for (const pattern of Object.values(cardPatterns(sku))) expect(html).toMatch(new RegExp(pattern));
      });
  });

  test("asks for two product cards in one batch", async () => {
    const skus = ["CL-01-GR", "CL-01-RD"];
    const paths = skus.map((sku) => `/fragments/product-card?sku=${sku}`);
    await pact
      .addInteraction()
      .given("the catalogue is seeded")
      .given(`a product with sku ${skus[0]} exists`, { sku: skus[0] as string })
      .given(`a product with sku ${skus[1]} exists`, { sku: skus[1] as string })
      .uponReceiving(`a request for the product cards of ${skus.join(" and ")} in one batch`)
      .withRequest("GET", "/fragments/batch", batchRequest(paths))
      // both parts answered 200 as HTML, each a product card for its sku, in either order
      .willRespondWith(
        200,
        batchAnswer(
          skus.map((sku) => ({
            example: cardExample(sku),
            body: `<catalog-product-card(?=[^>]*\\ssku="${sku}")`,
          })),
        ),
      )
      .executeTest(async (mock) => {
        const { resolve } = await composerAgainst(mock.url);
        const context = new Headers();
        const cards = parseTemplate(
          "contract",
          skus
            .map(
              (sku) =>
                `<tessera-fragment service="catalog" name="product-card" sku="${sku}"></tessera-fragment>`,
            )
            .join(""),
        );
        const url = new URL("http://composer.test/");
        // the page's two cards, requested in one tick with the page's headers: one batch
        const request = { request: new Request(url), url, params: {}, context };
        const results = await Promise.all(cards.slots.map((slot) => resolve(slot, request)));
        for (const [i, result] of results.entries()) {
          expect(result.fallback).toBe(false);
          const html = await new Response(result.body as BodyInit).text();
          expect(html).toMatch(new RegExp(cardPatterns(skus[i] as string).sku));
        }
      });
  });

  test("turns an unknown product into a 404 page", async () => {
    const sku = "NO-SUCH-SKU";
    await pact
      .addInteraction()
      .given("the catalogue is seeded")
      .given(`no product with sku ${sku}`, { sku })
      .uponReceiving(`a request for the product card of an unknown sku`)
      .withRequest("GET", "/fragments/product-card", (req) =>
        req.query({ sku }).headers({ accept: "text/html" }),
      )
      .willRespondWith(404, (res) =>
        res.headers({ "content-type": regex("^application/problem\\+json", "application/problem+json") }),
      )
      .executeTest(async (mock) => {
        const { render } = await composerAgainst(mock.url);
        const failure = await render(sku).catch((error: unknown) => error);
        expect(failure).toBeInstanceOf(PageFailure);
        expect((failure as PageFailure).status).toBe(404);
      });
  });
});
