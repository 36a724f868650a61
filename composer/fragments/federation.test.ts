import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createMemoryRegistry } from "@tessera/chassis/registry";
import { createComposer } from "../app.ts";
import { type FakeInstance, fakeInstance } from "../testing/fake-service.ts";

const manifest = (team: string, name: string, element: string) => ({
  team,
  version: "1.0.0",
  fragments: { [name]: { endpoint: `/fragments/${name}`, element, module: `${team}/${name}` } },
  federation: { name: `tessera_${team}`, alias: team, manifest: "/assets/mf-manifest.json" },
  assets: { js: [], css: [] },
});

let explore: FakeInstance;
let checkout: FakeInstance;
let composer: Awaited<ReturnType<typeof createComposer>>;

beforeAll(async () => {
  const registry = createMemoryRegistry();
  explore = await fakeInstance(registry, "explore", (request) =>
    new URL(request.url).pathname === "/fragments/manifest.json"
      ? Response.json(manifest("explore", "header", "explore-header"))
      : new Response(
          '<explore-header><tessera-fragment service="checkout" name="mini-cart"></tessera-fragment></explore-header>',
          { headers: { "content-type": "text/html" } },
        ),
  );
  checkout = await fakeInstance(registry, "checkout", (request) =>
    new URL(request.url).pathname === "/fragments/manifest.json"
      ? Response.json(manifest("checkout", "mini-cart", "checkout-mini-cart"))
      : new Response("<checkout-mini-cart></checkout-mini-cart>", {
          headers: { "content-type": "text/html" },
        }),
  );
  composer = await createComposer({
    registry,
    templates: {
      "/": '<html><head>{{federation}}</head><body><tessera-fragment service="explore" name="header"></tessera-fragment></body></html>',
    },
    env: { LOG_LEVEL: "silent" },
    shellDist: "/nonexistent",
  });
});
afterAll(async () => {
  await composer.close();
  await explore.stop();
  await checkout.stop();
});

describe("federation data", () => {
  test("a nested fragment's component - is listed in a second script at the end of the body, with the nonce", async () => {
    const response = await composer.app.request("/");
    const html = await response.text();
    const nonce = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1];
    const scripts = [...html.matchAll(/<script type="application\/json"([^>]*)>(.*?)<\/script>/g)];
    expect(scripts.length).toBe(2);
    expect(
      scripts.every((m) => m[1]?.includes(`nonce="${nonce}"`) && m[1]?.includes("data-tessera-federation")),
    ).toBe(true);
    expect(JSON.parse(scripts[0]?.[2] ?? "{}").components).toEqual({ "explore-header": "explore/header" });
    expect(JSON.parse(scripts[1]?.[2] ?? "{}")).toEqual({
      remotes: [{ name: "tessera_checkout", alias: "checkout", entry: "/_assets/checkout/mf-manifest.json" }],
      components: { "checkout-mini-cart": "checkout/mini-cart" },
    });
    expect(html.lastIndexOf("<script")).toBeGreaterThan(html.indexOf("<checkout-mini-cart>"));
  });
});
