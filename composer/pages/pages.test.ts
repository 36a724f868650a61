import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createMemoryRegistry } from "@tessera/chassis/registry";
import { createComposer } from "../app.ts";
import { type FakeInstance, fakeInstance, manifestOf } from "../testing/fake-service.ts";

let catalog: FakeInstance;
let composer: Awaited<ReturnType<typeof createComposer>>;

beforeAll(async () => {
  const registry = createMemoryRegistry();
  catalog = await fakeInstance(registry, "catalog", (request) => {
    const url = new URL(request.url);
    if (url.pathname === "/fragments/manifest.json")
      return Response.json(manifestOf("catalog", { "product-page": "/fragments/product-page" }));
    if (url.searchParams.get("id") === "missing") return new Response("gone", { status: 404 });
    return new Response(
      `<article>product ${url.searchParams.get("id")} ${url.searchParams.get("sku")}</article>`,
      {
        headers: { "content-type": "text/html" },
      },
    );
  });
  composer = await createComposer({ registry, env: { LOG_LEVEL: "silent" }, shellDist: "/nonexistent" });
});
afterAll(async () => {
  await composer.close();
  await catalog.stop();
});

describe("storefront routes", () => {
  test("/product/:id - composes catalog's product page between explore's header and footer (their fallbacks while explore is away)", async () => {
    const response = await composer.app.request("/product/CL-01?sku=CL-01-GR");
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain("<main>\n<article>product CL-01 CL-01-GR</article>\n</main>");
    expect(html).toContain(
      '<div data-boundary="explore/header" data-fallback="true"><header class="site-header">',
    );
    expect(html).toContain('<div data-boundary="explore/footer" data-fallback="true"><footer>');
  });

  test("a product the catalog does not know - the page is a 404", async () => {
    expect((await composer.app.request("/product/missing")).status).toBe(404);
  });

  test("a page whose team has no instance yet - is a 404 page, not a crash", async () => {
    const response = await composer.app.request("/checkout/cart");
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("Not found");
  });
});
