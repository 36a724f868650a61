import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { BatchDecoder, batchTarget } from "@tessera/chassis/http";
import { type BuiltService, buildService } from "@tessera/chassis/service";
import { FragmentManifest } from "@tessera/contracts/fragment-manifest";
import { catalog } from "../app.ts";

let service: BuiltService;
beforeAll(async () => {
  service = await buildService(catalog, { env: { LOG_LEVEL: "silent" }, inMemory: true });
});
afterAll(() => service.close());

const page = (query: string) => service.app.request(`/fragments/product-page?${query}`);

describe("catalog — product-page fragment", () => {
  test("a product and one of its skus - renders name, picture, price, description and spec for that variant", async () => {
    const response = await page("id=TR-CL-001&sku=CL-01-RD");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await response.text();
    expect(html).toContain('data-boundary="catalog/product-page"');
    expect(html).toContain("<h1>Heritage Workhorse</h1>");
    expect(html).toContain('src="/api/catalog/images/CL-01-RD.v2.svg"');
    expect(html).toContain('alt="Heritage Workhorse — Barn Red"');
    expect(html).toContain("€59,900.00");
    expect(html).toContain("A faithful 1950s utility tractor");
    expect(html).toContain('<th scope="row">Power</th><td>38 hp (28 kW)</td>');
    expect(html).toContain('<a href="/products/classic">Classic tractors</a>');
  });

  test("the variant picker - links every variant, works without JS, and marks the current one with aria-current", async () => {
    const html = await (await page("id=TR-CL-001&sku=CL-01-RD")).text();
    const links = [...html.matchAll(/<a href="(\/product\/[^"]+)"( aria-current="page")?>/g)];
    expect(links.map((m) => [m[1], Boolean(m[2])])).toEqual([
      ["/product/TR-CL-001?sku=CL-01-GR", false],
      ["/product/TR-CL-001?sku=CL-01-RD", true],
    ]);
  });

  test("the page - nests stock, add-to-cart and recommendations for the current sku as fragment tags", async () => {
    const html = await (await page("id=TR-CL-001&sku=CL-01-RD")).text();
    expect(html).toContain(
      '<tessera-fragment service="inventory" name="stock" sku="CL-01-RD"></tessera-fragment>',
    );
    expect(html).toContain(
      '<tessera-fragment service="checkout" name="add-to-cart" sku="CL-01-RD"></tessera-fragment>',
    );
    expect(html).toContain(
      '<tessera-fragment service="explore" name="recommendations" sku="CL-01-RD"></tessera-fragment>',
    );
  });

  test("no sku - shows the first variant", async () => {
    const html = await (await page("id=TR-CL-001")).text();
    expect(html).toContain('data-sku="CL-01-GR"');
    expect(html).toContain('<a href="/product/TR-CL-001?sku=CL-01-GR" aria-current="page">');
  });

  test("a sku of another product - redirects (302) to the product that has it", async () => {
    const response = await page("id=TR-CL-001&sku=AU-01-BL");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/product/TR-AU-001?sku=AU-01-BL");
  });

  test("an unknown product - is a 404 problem naming it", async () => {
    const response = await page("id=TR-XX-999");
    expect(response.status).toBe(404);
    expect((await response.json()).detail).toBe('No product with id "TR-XX-999"');
    expect((await page("id=%3Cscript%3E")).status).toBe(404);
  });

  test("a sku no product has - is a 404 problem naming product and sku", async () => {
    const response = await page("id=TR-CL-001&sku=ZZ-99-ZZ");
    expect(response.status).toBe(404);
    expect((await response.json()).detail).toBe('No variant "ZZ-99-ZZ" of product "TR-CL-001"');
  });

  test("no id - is a 422 naming query.id", async () => {
    const response = await page("sku=CL-01-GR");
    expect(response.status).toBe(422);
    expect((await response.json()).detail).toContain("query.id");
  });

  test("the manifest - declares product-page as a plain server fragment with id and sku", async () => {
    const manifest = FragmentManifest.parse(
      await (await service.app.request("/fragments/manifest.json")).json(),
    );
    expect(manifest.fragments["product-page"]).toMatchObject({
      endpoint: "/fragments/product-page",
      params: ["id", "sku"],
    });
    expect(manifest.fragments["product-page"]?.element).toBeUndefined();
    expect(manifest.fragments["product-card"]?.element).toBe("catalog-product-card");
  });
});

describe("catalog — product page stylesheet", () => {
  test("the product page - links the catalog's content-hashed stylesheet, served with a one-year immutable cache", async () => {
    const html = await (await page("id=TR-CL-001")).text();
    const file = /<link rel="stylesheet" href="\/_assets\/catalog\/(catalog\.[0-9a-f]{12}\.css)">/.exec(
      html,
    )?.[1];
    expect(file).toBeDefined();
    expect(html).not.toContain("<style>");
    const response = await service.app.request(`/assets/${file}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(await response.text()).toContain(".catalog-pp-picker");
  });
});

describe("catalog — fragment batches", () => {
  test("the manifest's batch - answers a product page and a product card in one request, each as it answers alone", async () => {
    const manifest = FragmentManifest.parse(
      await (await service.app.request("/fragments/manifest.json")).json(),
    );
    expect(manifest.batch).toBe("/fragments/batch");
    const parts = [
      { path: "/fragments/product-page?id=TR-CL-001&sku=CL-01-RD" },
      { path: "/fragments/product-card?sku=NOPE" },
    ];
    const response = await service.app.request(batchTarget(manifest.batch as string, parts));
    expect(response.status).toBe(200);
    const got: { index: number; status: number; body: string; type: string | null }[] = [];
    new BatchDecoder(2).feed(new Uint8Array(await response.arrayBuffer()), (index, answer) =>
      got.push({
        index,
        status: answer.status,
        body: new TextDecoder().decode(answer.body as Uint8Array),
        type: answer.headers.get("content-type"),
      }),
    );
    got.sort((a, b) => a.index - b.index);
    const alone = await page("id=TR-CL-001&sku=CL-01-RD");
    expect(got[0]).toMatchObject({ status: 200, type: alone.headers.get("content-type") });
    expect(got[0]?.body).toBe(await alone.text());
    // the card of an unknown sku: the same problem as alone, through the app's error handler
    const card = await service.app.request("/fragments/product-card?sku=NOPE");
    expect(got[1]).toMatchObject({ status: card.status, type: "application/problem+json" });
    expect(JSON.parse(got[1]?.body ?? "").code).toBe((await card.json()).code);
  });

  test("a batch naming a path that is not a fragment - a 422 problem, nothing served", async () => {
    const response = await service.app.request(batchTarget("/fragments/batch", [{ path: "/api/products" }]));
    expect(response.status).toBe(422);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
  });
});
