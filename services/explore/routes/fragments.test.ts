import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type BuiltService, buildService } from "@tessera/chassis/service";
import { FragmentManifest } from "@tessera/contracts/fragment-manifest";
import { STORE_IDS } from "@tessera/contracts/reference/stores";
import { explore } from "../app.ts";
import { applyProductChanged } from "../events/product-changed.ts";
import { asMessage, catalogEvents } from "../test-events.ts";

let service: BuiltService;
beforeAll(async () => {
  service = await buildService(explore, { env: { LOG_LEVEL: "silent" }, inMemory: true });
  for (const event of catalogEvents()) await applyProductChanged(service.ctx.database.db, asMessage(event));
});
afterAll(() => service.close());

const fragment = async (path: string) => {
  const response = await service.app.request(`/fragments/${path}`);
  return { response, html: response.ok ? await response.text() : "" };
};
const productLinks = (html: string) => [...html.matchAll(/href="(\/product\/[^"]+)"/g)].map((m) => m[1]);

describe("explore — header", () => {
  test("the header - links home, every category and the stores, and nests checkout's mini-cart", async () => {
    const { response, html } = await fragment("header");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(html).toContain('data-boundary="explore/header"');
    expect(html).toContain('<a class="explore-header-logo" href="/" aria-label="Tessera Tractors, home">');
    for (const category of ["classic", "autonomous", "compact", "utility", "heavy-duty", "electric"]) {
      expect(html).toContain(`href="/products/${category}"`);
    }
    expect(html).toContain('<a href="/stores">Stores</a>');
    expect(
      html.match(/<tessera-fragment service="checkout" name="mini-cart"><\/tessera-fragment>/g),
    ).toHaveLength(1);
  });

  test("current=<category> - marks that link with aria-current in both the bar and the menu", async () => {
    const { html } = await fragment("header?current=electric");
    expect(html.match(/<a href="\/products\/electric" aria-current="page">Electric<\/a>/g)).toHaveLength(2);
    expect(html.match(/aria-current="page">/g)).toHaveLength(2);
  });

  test("on a phone - the navigation is a details/summary menu that needs no JavaScript", async () => {
    const { html } = await fragment("header");
    expect(html).toMatch(
      /<details class="explore-header-menu"><summary>Menu<\/summary><nav aria-label="Main menu">/,
    );
    expect(html).not.toContain("<script");
  });

  test("a malformed current - is a 422 naming query.current", async () => {
    const { response } = await fragment("header?current=%3Cb%3E");
    expect(response.status).toBe(422);
    expect((await response.json()).detail).toContain("query.current");
  });
});

describe("explore — footer", () => {
  test("the footer - links the categories and the five stores", async () => {
    const { html } = await fragment("footer");
    expect(html).toContain('data-boundary="explore/footer"');
    expect(html).toContain('href="/products/heavy-duty"');
    for (const id of STORE_IDS) expect(html).toContain(`href="/stores#${id}"`);
  });
});

describe("explore — home page", () => {
  test("the home page - has a hero with one h1, one featured tile per category, and the categories", async () => {
    const { html } = await fragment("home-page");
    expect(html).toContain('data-boundary="explore/home-page"');
    expect(html.match(/<h1/g)).toHaveLength(1);
    const featured = html.slice(
      html.indexOf("explore-home-featured"),
      html.indexOf("explore-home-categories"),
    );
    expect(productLinks(featured)).toHaveLength(6);
    expect(featured).toContain('href="/product/TR-CL-001?sku=CL-01-GR"');
    expect(html).toContain('<a class="explore-cat" href="/products/utility">');
    expect(html).toContain("12 models this season");
  });
});

describe("explore — category page", () => {
  test("no category - lists every product once, each linking to its cheapest variant's page", async () => {
    const { html } = await fragment("category-page");
    expect(html).toContain('data-boundary="explore/category-page"');
    expect(html).toContain("<h1>All tractors</h1>");
    const links = productLinks(html);
    expect(links).toHaveLength(12);
    expect(links).toContain("/product/TR-CL-001?sku=CL-01-GR");
    expect(html).toContain("from €10,000.00");
    expect(html).toContain('<a href="/products" aria-current="page">All</a>');
  });

  test("category=compact - lists that category only, with its filter link current", async () => {
    const { html } = await fragment("category-page?category=compact");
    expect(html).toContain("<h1>Compact tractors</h1>");
    expect(productLinks(html)).toEqual([
      "/product/TR-CO-001?sku=CO-01-GR",
      "/product/TR-CO-002?sku=CO-02-BL",
    ]);
    expect(html).toContain('<a href="/products/compact" aria-current="page">Compact</a>');
  });

  test("an unknown category - is a 404 problem naming it", async () => {
    const { response } = await fragment("category-page?category=boats");
    expect(response.status).toBe(404);
    expect((await response.json()).detail).toBe('No category "boats"');
  });
});

describe("explore — stores", () => {
  test("the stores page - shows the five stores with address, phone and opening hours", async () => {
    const { html } = await fragment("stores-page");
    expect(html).toContain('data-boundary="explore/stores-page"');
    for (const id of STORE_IDS) expect(html).toContain(`id="${id}"`);
    expect(html).toContain("<address>Am Sandtorkai 41<br>20457 Hamburg<br>Germany");
    expect(html).toContain('<a href="tel:+494055501200">');
    expect(html).toContain("<dt>Saturday</dt><dd>09:00 – 16:00</dd>");
  });

  test("GET /api/stores - lists the five stores by their reference ids; an unknown id is a 404", async () => {
    const body = await (await service.app.request("/api/stores")).json();
    expect(body.items.map((s: { id: string }) => s.id)).toEqual([...STORE_IDS]);
    expect((await service.app.request("/api/stores/store-paris")).status).toBe(404);
  });
});

describe("explore — recommendations", () => {
  test("a sku - recommends other products of its category first, never its own product", async () => {
    const { html } = await fragment("recommendations?sku=CL-01-RD");
    expect(html).toContain('data-boundary="explore/recommendations"');
    const links = productLinks(html);
    expect(links[0]).toBe("/product/TR-CL-002?sku=CL-02-BL");
    expect(links.length).toBe(4);
    expect(links.some((l) => l?.startsWith("/product/TR-CL-001"))).toBe(false);
  });

  test("an unknown sku - still recommends featured products", async () => {
    expect(productLinks((await fragment("recommendations?sku=ZZ-99-ZZ")).html)).toHaveLength(4);
  });

  test("a malformed sku - is a 422 naming query.sku", async () => {
    expect((await fragment("recommendations?sku=%3Cx%3E")).response.status).toBe(422);
  });
});

describe("explore — store picker", () => {
  test("the picker - is explore-store-picker with a declarative shadow root around five labelled radios named storeId", async () => {
    const { html } = await fragment("store-picker");
    expect(html).toMatch(
      /<explore-store-picker\s+class="explore-root" data-boundary="explore\/store-picker">/,
    );
    expect(html).toContain('shadowrootmode="open"');
    expect(html).toContain("<legend>Pick-up store</legend>");
    const radios = [...html.matchAll(/<input type="radio" name="storeId" id="([^"]+)" value="([^"]+)"/g)];
    expect(radios.map((m) => m[2])).toEqual([...STORE_IDS]);
    for (const [, id] of radios) expect(html).toContain(`<label for="${id}">`);
    expect(html).not.toContain(" required"); // address delivery needs no store: checkout validates
  });

  test("selected=store-berlin - checks that store", async () => {
    const { html } = await fragment("store-picker?selected=store-berlin");
    expect(html).toMatch(/value="store-berlin" data-name="Tessera Berlin" checked/);
    expect(html.match(/ checked/g)).toHaveLength(1);
  });
});

describe("explore — fragment manifest", () => {
  test("the manifest - declares every fragment; only the store picker has an element and a module", async () => {
    const manifest = FragmentManifest.parse(
      await (await service.app.request("/fragments/manifest.json")).json(),
    );
    expect(Object.keys(manifest.fragments).sort()).toEqual(
      [
        "category-page",
        "footer",
        "header",
        "home-page",
        "recommendations",
        "store-picker",
        "stores-page",
      ].sort(),
    );
    expect(manifest.fragments["store-picker"]).toMatchObject({
      element: "explore-store-picker",
      module: "explore/store-picker",
    });
    expect(manifest.fragments["store-picker"]?.fallback).toContain('name="storeId"');
    expect(manifest.fragments.header?.element).toBeUndefined();
    expect(manifest.federation).toMatchObject({
      name: "tessera_explore",
      manifest: "/assets/mf-manifest.json",
    });
  });
});

describe("explore — stylesheet", () => {
  test("every fragment - links the one content-hashed stylesheet instead of inlining styles", async () => {
    for (const path of [
      "header",
      "footer",
      "home-page",
      "category-page",
      "stores-page",
      "recommendations?sku=CL-01-GR",
      "store-picker",
    ]) {
      const { html } = await fragment(path);
      expect(html).toMatch(/<link rel="stylesheet" href="\/_assets\/explore\/explore\.[0-9a-f]{12}\.css">/);
      // outside shadow roots (the store picker keeps its :host rule in its declarative shadow root)
      expect(html.replace(/<template[\s\S]*?<\/template>/g, "")).not.toContain("<style>");
    }
  });

  test("the stylesheet - is served under /assets with a one-year immutable cache and declared in the manifest", async () => {
    const { html } = await fragment("header");
    const file = /\/_assets\/explore\/(explore\.[0-9a-f]{12}\.css)/.exec(html)?.[1];
    const response = await service.app.request(`/assets/${file}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(await response.text()).toContain(".explore-header-menu");
    const manifest = await (await service.app.request("/fragments/manifest.json")).json();
    expect(manifest.assets.css).toEqual([
      { path: `/assets/${file}`, integrity: expect.stringMatching(/^sha384-/) },
    ]);
    expect((await service.app.request("/assets/explore.000000000000.css")).status).toBe(404);
  });
});
