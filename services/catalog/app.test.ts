import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type BuiltService, buildService } from "@tessera/chassis/service";
import { ProductChangedV1 } from "@tessera/contracts/events";
import { eq } from "drizzle-orm";
import { catalog } from "./app.ts";
import { outbox, variants } from "./db/schema.ts";
import { seedCatalog } from "./db/seed.ts";
import { SEED_PRODUCTS } from "./db/seed-data.ts";

let service: BuiltService;
beforeAll(async () => {
  service = await buildService(catalog, { env: { LOG_LEVEL: "silent" }, inMemory: true });
});
afterAll(() => service.close());

const request = (path: string, init?: RequestInit) => service.app.request(path, init);
const db = () => service.ctx.database.db;
const seededVariants = SEED_PRODUCTS.flatMap((p) => p.variants).length;

describe("catalog — product API", () => {
  test("GET /api/products/:sku for a seeded sku - returns the variant with its product and price", async () => {
    const response = await request("/api/products/CL-01-GR");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      sku: "CL-01-GR",
      productId: "TR-CL-001",
      category: "classic",
      price: { amount: 5_890_000, currency: "EUR" },
      image: expect.stringMatching(/^\/api\/catalog\/images\/CL-01-GR\.v\d+\.svg$/),
    });
  });

  test("GET /api/products/:sku for an unknown sku - is a 404 problem naming the sku", async () => {
    const response = await request("/api/products/NOPE-1");
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect((await response.json()).detail).toBe('No product with sku "NOPE-1"');
  });

  test("PATCH a price - changes it and writes one ProductChanged event in the same transaction", async () => {
    const before = (await db().select().from(outbox)).length;
    const response = await request("/api/products/CO-25-OR", {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ priceCents: 2_290_000 }),
    });
    expect(response.status).toBe(200);
    expect((await response.json()).price.amount).toBe(2_290_000);
    const events = await db().select().from(outbox);
    expect(events).toHaveLength(before + 1);
    const event = ProductChangedV1.parse(events.at(-1)?.payload);
    expect(event).toMatchObject({ sku: "CO-25-OR", price: { amount: 2_290_000, currency: "EUR" } });
  });

  test("PATCH with a bad price - is a 422 naming the field, and writes nothing", async () => {
    const before = (await db().select().from(outbox)).length;
    const response = await request("/api/products/CL-01-RD", {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ priceCents: -5 }),
    });
    expect(response.status).toBe(422);
    expect((await response.json()).detail).toContain("body.priceCents");
    const [row] = await db().select().from(variants).where(eq(variants.sku, "CL-01-RD"));
    expect(row?.priceCents).toBe(5_990_000);
    expect(await db().select().from(outbox)).toHaveLength(before);
  });

  test("PATCH with a body that is not JSON - is a 400 problem", async () => {
    const response = await request("/api/products/CL-01-RD", { method: "PATCH", body: "price=1" });
    expect(response.status).toBe(400);
    expect((await response.json()).detail).toBe("The body must be a JSON object");
  });
});

describe("catalog — seed", () => {
  test("seeding again - inserts nothing and announces nothing", async () => {
    const before = (await db().select().from(outbox)).length;
    expect(await seedCatalog(db())).toBe(0);
    expect(await db().select().from(outbox)).toHaveLength(before);
    expect(await db().select().from(variants)).toHaveLength(seededVariants);
  });

  test("the first seed - announced every variant through the outbox", async () => {
    const skus = (await db().select().from(outbox))
      .map((row) => ProductChangedV1.parse(row.payload).sku)
      .filter((sku, i, all) => all.indexOf(sku) === i);
    expect(skus.length).toBe(seededVariants);
  });
});

describe("catalog — fragments and assets", () => {
  test("GET /fragments/product-card - streams the Lit SSR card with a declarative shadow root", async () => {
    const response = await request("/fragments/product-card?sku=AU-01-SI");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("fragment-version")).toMatch(/^catalog@\d+\.\d+\.\d+/);
    const html = await response.text();
    expect(html).toContain('data-boundary="catalog/product-card"');
    expect(html).toContain('sku="AU-01-SI"');
    expect(html).toContain('shadowrootmode="open"');
    expect(html).toContain("FieldPilot A1 — Silver");
  });

  test("GET /fragments/product-card without a sku - is a 422 naming query.sku", async () => {
    const response = await request("/fragments/product-card");
    expect(response.status).toBe(422);
    expect((await response.json()).detail).toContain("query.sku");
  });

  test("GET /fragments/manifest.json - declares the fragment, its remote and its assets", async () => {
    const manifest = await (await request("/fragments/manifest.json")).json();
    expect(manifest.fragments["product-card"]).toMatchObject({
      endpoint: "/fragments/product-card",
      element: "catalog-product-card",
      module: "catalog/product-card",
    });
    expect(manifest.federation).toMatchObject({
      name: "tessera_catalog",
      manifest: "/assets/mf-manifest.json",
    });
  });

  test("GET /api/images/:sku.svg - draws the variant as SVG with a one-year immutable cache", async () => {
    const response = await request("/api/images/CL-01-RD.v1.svg");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("image/svg+xml");
    expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(await response.text()).toContain('<title id="t">Heritage Workhorse — Barn Red</title>');
  });

  test("GET /assets/ with a path escaping the folder - is a 404, never a file outside", async () => {
    const response = await request("/assets/..%2F..%2Fpackage.json");
    expect(response.status).toBe(404);
  });
});
