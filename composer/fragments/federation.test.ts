import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createMemoryRegistry } from "@tessera/chassis/registry";
import { createComposer } from "../app.ts";
import { type FakeInstance, fakeInstance } from "../testing/fake-service.ts";
import { createLateFederation, federationPreloads, shellPreload } from "./federation.ts";

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

describe("preloads (no waterfall: the shell and the head's remotes fetch with the HTML)", () => {
  const SRI = "sha384-Roigep2dYCJcAN/Ld7FgsWzluVudVz8vEdRsIqowPkPzzaYFy1qokLmzShG1KSaj";

  test("a remote with its entry's hash - its manifest as a CORS fetch, its entry as a script with that hash", () => {
    const links = federationPreloads({
      remotes: [
        {
          name: "tessera_catalog",
          alias: "catalog",
          entry: "/_assets/catalog/releases/1.1.0/mf-manifest.json",
          integrity: { "remoteEntry.js": SRI, "__federation_expose_product_card.1.js": SRI },
        },
      ],
      components: {},
    });
    expect(links).toBe(
      '<link rel="preload" as="fetch" crossorigin href="/_assets/catalog/releases/1.1.0/mf-manifest.json">' +
        `<link rel="preload" as="script" crossorigin="anonymous" integrity="${SRI}" href="/_assets/catalog/releases/1.1.0/remoteEntry.js">`,
    );
  });

  test("a remote without hashes - only its manifest (an entry preload would not match the script)", () => {
    const links = federationPreloads({
      remotes: [{ name: "tessera_explore", alias: "explore", entry: "/_assets/explore/mf-manifest.json" }],
      components: {},
    });
    expect(links).toBe(
      '<link rel="preload" as="fetch" crossorigin href="/_assets/explore/mf-manifest.json">',
    );
  });

  test("the page's head - the shell's modulepreload and the head's remotes before the federation data", async () => {
    const html = await (await composer.app.request("/")).text();
    const head = html.slice(0, html.indexOf("</head>"));
    expect(head).toContain(
      '<link rel="preload" as="fetch" crossorigin href="/_assets/explore/mf-manifest.json">',
    );
    // the nested fragment's remote (maybe below the fold) is not preloaded by the composer
    expect(html).not.toContain('href="/_assets/checkout/mf-manifest.json"');
  });

  test("the shell's script tag - a modulepreload with the same URL, hash and CORS mode; none without a shell", () => {
    expect(
      shellPreload(
        `<script type="module" src="/_shell/shell.js" integrity="${SRI}" crossorigin="anonymous"></script>`,
      ),
    ).toBe(`<link rel="modulepreload" href="/_shell/shell.js" integrity="${SRI}" crossorigin="anonymous">`);
    expect(shellPreload("")).toBe("");
  });
});

describe("createLateFederation", () => {
  const slot = (service: string, name: string) =>
    ({ service, name, params: {}, tier: "optional", fallback: "" }) as const;
  function store() {
    const held: Record<string, ReturnType<typeof manifest>> = {
      checkout: manifest("checkout", "mini-cart", "checkout-mini-cart"),
    };
    let reads = 0;
    return {
      held,
      reads: () => reads,
      manifests: {
        get: async (service: string) => {
          reads++;
          return held[service] as never;
        },
        peek: (service: string) => held[service] as never,
        stop() {},
      },
    };
  }

  test("the nested fragments of a page - their remotes and components, worked out once while nothing changes", async () => {
    const { manifests, reads, held } = store();
    const late = createLateFederation(manifests);
    const known = { remotes: [], components: {} };
    const first = await late([slot("checkout", "mini-cart")], known, {});
    expect(JSON.parse(first)).toMatchObject({
      remotes: [{ name: "tessera_checkout", entry: "/_assets/checkout/mf-manifest.json" }],
      components: { "checkout-mini-cart": "checkout/mini-cart" },
    });
    const readsAfterFirst = reads();
    expect(await late([slot("checkout", "mini-cart")], known, {})).toBe(first);
    expect(reads()).toBe(readsAfterFirst);
    // a re-read manifest (a new object) is worked out again
    held.checkout = manifest("checkout", "mini-cart", "checkout-mini-cart-v2");
    expect(await late([slot("checkout", "mini-cart")], known, {})).toContain("checkout-mini-cart-v2");
  });

  test("nested fragments the head already listed - nothing more", async () => {
    const { manifests } = store();
    const late = createLateFederation(manifests);
    const known = {
      remotes: [{ name: "tessera_checkout", alias: "checkout", entry: "/x" }],
      components: { "checkout-mini-cart": "checkout/mini-cart" },
    };
    expect(await late([slot("checkout", "mini-cart")], known, {})).toBe("");
  });
});
