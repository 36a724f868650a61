/**
 * Every fragment edge but composer → catalog/product-card (its own file): the fragments the
 * composer's page templates name, and the fragments one team's fragment nests for another
 * (`<tessera-fragment>` tags the composer resolves on the nesting team's behalf). Each consumer
 * asks for what it relies on — the status, the content type, the `data-boundary` marker, the
 * nested tags it leaves for the composer, the form fields its forms post (`storeId`,
 * `paymentToken`, `sku`, `quantity`, ...) — and the composer's real resolver fetches the fragment
 * from Pact's mock server. The manifest each provider serves (its fragments' endpoints and its
 * batch endpoint) is a composer → provider edge too.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { MatchersV3, PactV4 } from "@pact-foundation/pact";
import { createHttpClient } from "@tessera/chassis/http";
import { silentLogger } from "@tessera/chassis/log";
import { createMetrics } from "@tessera/chassis/metrics";
import { FragmentManifest } from "@tessera/contracts/fragment-manifest";
import type { ManifestStore } from "../../composer/fragments/manifests.ts";
import { parseTemplate } from "../../composer/template/parse.ts";
import { fragmentPipeline } from "../../composer/testing/pipeline.ts";
import { batchAnswer, batchRequest } from "../support/fragment-batch.ts";
import { FRAGMENT_EXPECTATIONS, type FragmentExpectation } from "../support/fragments.ts";
import { PACTS_DIR, stampPact, startPact } from "../support/pact.ts";

const { regex, like } = MatchersV3;

const pairs = new Map<string, PactV4>();
function pactOf(consumer: string, provider: string): PactV4 {
  const key = `${consumer}-${provider}`;
  let pact = pairs.get(key);
  if (!pact) {
    // Its own interactions only: composer → catalog's product card has its own test file.
    startPact(consumer, provider, {
      name: "fragments",
      owns: (i) =>
        Boolean(i.type?.includes("HTTP")) &&
        (i.description.startsWith(`${consumer}: a request for the `) ||
          i.description === `a request for the ${provider} fragment manifest`),
    });
    pact = new PactV4({ consumer, provider, dir: PACTS_DIR, logLevel: "warn" });
    pairs.set(key, pact);
  }
  return pact;
}
afterAll(() => {
  for (const key of pairs.keys()) {
    const [consumer, provider] = [key.slice(0, key.indexOf("-")), key.slice(key.indexOf("-") + 1)];
    stampPact(consumer, provider);
  }
});

const metrics = () => createMetrics({ service: "contract", version: "contract", processMetrics: false });

/** The manifest the composer's resolver reads for one fragment: its endpoint and params. */
function manifestFor(e: FragmentExpectation): ManifestStore {
  const manifest = FragmentManifest.parse({
    team: e.provider,
    version: "contract",
    fragments: { [e.name]: { endpoint: `/fragments/${e.name}`, params: Object.keys(e.query) } },
    assets: {},
  });
  return { get: async () => manifest, stop: () => {} };
}

const tagOf = (e: FragmentExpectation) =>
  `<tessera-fragment service="${e.provider}" name="${e.name}"${Object.entries(e.query)
    .map(([k, v]) => ` ${k}="${v}"`)
    .join("")}></tessera-fragment>`;

for (const e of FRAGMENT_EXPECTATIONS) {
  describe(`${e.consumer} → ${e.provider}/${e.name} (fragment)`, () => {
    test(`${e.provider}/${e.name} - ${e.states.map((s) => s.name).join(", ") || "any state"} - answers ${e.status} with the markers ${e.consumer} relies on`, async () => {
      const pact = pactOf(e.consumer, e.provider);
      let builder = pact.addInteraction();
      for (const state of e.states) builder = builder.given(state.name, state.params);
      const markers = Object.values(e.markers);
      await builder
        .uponReceiving(`${e.consumer}: a request for the ${e.provider}/${e.name} fragment (${e.description})`)
        .withRequest("GET", `/fragments/${e.name}`, (req) => {
          req.headers({ accept: "text/html", ...e.headers });
          if (Object.keys(e.query).length > 0) req.query(e.query);
        })
        .willRespondWith(e.status, (res) => {
          if (e.status === 200) {
            res
              .headers({ "content-type": regex("^text/html(;.*)?$", "text/html; charset=utf-8") })
              .body("text/html", Buffer.from(e.example))
              .matchingRules({ body: [{ path: "$", rules: markers.map((p) => regex(p, e.example)) }] });
          } else if (e.location) {
            res.headers({ location: regex(e.location, e.locationExample ?? "/") });
          }
        })
        .executeTest(async (mock) => {
          // The composer's real resolver, with the consumer's tag as the slot.
          const pipeline = await fragmentPipeline({
            services: { [e.provider]: mock.url },
            http: createHttpClient({ timeoutMs: 5000 }),
            log: silentLogger,
            metrics: metrics(),
            defaultTimeoutMs: 5000,
            manifests: manifestFor(e),
          });
          const template = parseTemplate("contract", `<main>${tagOf(e)}</main>`);
          const slot = template.slots[0];
          if (!slot) throw new Error("no slot");
          const url = new URL("http://composer.test/");
          const result = await pipeline.resolve(slot, {
            request: new Request(url),
            url,
            params: {},
            context: new Headers(e.headers),
          });
          pipeline.stop();
          expect(result.status).toBe(e.status);
          if (e.status === 200) {
            expect(result.fallback).toBe(false);
            const html = await new Response(result.body as BodyInit).text();
            for (const pattern of markers) expect(html).toMatch(new RegExp(pattern));
          }
        });
    }, 30_000);
  });
}

/** composer → every other provider's fragment manifest (catalog's lives in its own file). */
const manifestProviders = [...new Set(FRAGMENT_EXPECTATIONS.map((e) => e.provider))].filter(
  (p) => p !== "catalog",
);
describe("composer → fragment manifests", () => {
  for (const provider of manifestProviders) {
    const names = [
      ...new Set(FRAGMENT_EXPECTATIONS.filter((e) => e.provider === provider).map((e) => e.name)),
    ];
    test(`${provider} manifest - always - names the endpoint of every fragment the templates use`, async () => {
      const body = {
        team: regex("^[a-z][a-z0-9-]*$", provider),
        version: like("0.1.0"),
        fragments: Object.fromEntries(
          names.map((n) => [n, { endpoint: regex("^/[A-Za-z0-9/._-]*$", `/fragments/${n}`) }]),
        ),
        // where the composer asks for several of the team's fragments in one request
        batch: regex("^/[A-Za-z0-9/._-]*$", "/fragments/batch"),
        assets: like({}),
      };
      await pactOf("composer", provider)
        .addInteraction()
        .uponReceiving(`a request for the ${provider} fragment manifest`)
        .withRequest("GET", "/fragments/manifest.json", (req) => req.headers({ accept: "application/json" }))
        .willRespondWith(200, (res) => res.jsonBody(body))
        .executeTest(async (mock) => {
          const pipeline = await fragmentPipeline({
            services: { [provider]: mock.url },
            http: createHttpClient({ timeoutMs: 5000 }),
            log: silentLogger,
            metrics: metrics(),
            defaultTimeoutMs: 5000,
          });
          const manifest = await pipeline.manifests.get(provider);
          pipeline.stop();
          for (const n of names) expect(manifest?.fragments[n]?.endpoint).toBe(`/fragments/${n}`);
          expect(manifest?.batch).toBe("/fragments/batch");
        });
    }, 30_000);
  }
});

/**
 * composer → explore: the page layout's header and footer in one fragment batch, as every
 * storefront page asks for them (composer/pages/layout.ts).
 */
describe("composer → explore (a fragment batch)", () => {
  const wanted = ["header", "footer"].map(
    (name) =>
      FRAGMENT_EXPECTATIONS.find(
        (e) => e.consumer === "composer" && e.provider === "explore" && e.name === name,
      ) as FragmentExpectation,
  );
  test("explore/header and explore/footer - in one batch, each part 200 HTML with its boundary", async () => {
    let builder = pactOf("composer", "explore").addInteraction();
    for (const state of wanted.flatMap((e) => e.states)) builder = builder.given(state.name, state.params);
    await builder
      .uponReceiving("composer: a request for the explore/header and explore/footer fragments in one batch")
      .withRequest("GET", "/fragments/batch", batchRequest(wanted.map((e) => `/fragments/${e.name}`)))
      // each part, in whatever order they finish: 200, an HTML type, its boundary in its body
      .willRespondWith(
        200,
        batchAnswer(
          wanted.map((e) => ({ example: e.example, body: `data-boundary="${e.provider}/${e.name}"` })),
        ),
      )
      .executeTest(async (mock) => {
        // the composer's real resolver, the manifest naming the batch endpoint
        const manifest = FragmentManifest.parse({
          team: "explore",
          version: "contract",
          fragments: Object.fromEntries(wanted.map((e) => [e.name, { endpoint: `/fragments/${e.name}` }])),
          batch: "/fragments/batch",
          assets: {},
        });
        const pipeline = await fragmentPipeline({
          services: { explore: mock.url },
          http: createHttpClient({ timeoutMs: 5000 }),
          log: silentLogger,
          metrics: metrics(),
          defaultTimeoutMs: 5000,
          manifests: { get: async () => manifest, stop: () => {} },
        });
        const template = parseTemplate("contract", `<main>${wanted.map(tagOf).join("")}</main>`);
        const url = new URL("http://composer.test/");
        const page = { request: new Request(url), url, params: {}, context: new Headers() };
        const results = await Promise.all(template.slots.map((slot) => pipeline.resolve(slot, page)));
        pipeline.stop();
        for (const [i, result] of results.entries()) {
          expect(result.fallback).toBe(false);
          const html = await new Response(result.body as BodyInit).text();
          expect(html).toContain(`data-boundary="explore/${wanted[i]?.name}"`);
        }
      });
  }, 30_000);
});
