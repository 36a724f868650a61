import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type BuiltService, buildService } from "@tessera/chassis/service";
import { ProductChangedV1 } from "@tessera/contracts/events";
import { eq } from "drizzle-orm";
import { catalog } from "./app.ts";
import { outbox, products, variants } from "./db/schema.ts";
import { seedCatalog } from "./db/seed.ts";
import { SEED_CATEGORIES, SEED_PRODUCTS } from "./db/seed-data.ts";

let service: BuiltService;
beforeAll(async () => {
  service = await buildService(catalog, { env: { LOG_LEVEL: "silent" }, inMemory: true });
});
afterAll(() => service.close());

const request = (path: string) => service.app.request(path);
const db = () => service.ctx.database.db;

describe("catalog — the seeded catalogue", () => {
  test("seed data - has 6 categories, at least 40 products, and unique skus with their own price and colour", () => {
    expect(SEED_CATEGORIES).toHaveLength(6);
    expect(SEED_PRODUCTS.length).toBeGreaterThanOrEqual(40);
    const skus = SEED_PRODUCTS.flatMap((p) => p.variants.map((v) => v.sku));
    expect(new Set(skus).size).toBe(skus.length);
    expect(new Set(SEED_PRODUCTS.map((p) => p.id)).size).toBe(SEED_PRODUCTS.length);
    for (const product of SEED_PRODUCTS) {
      expect(SEED_CATEGORIES.map((c) => c.id)).toContain(product.category);
      expect(product.variants.length).toBeGreaterThan(0);
      expect(product.spec.map((s) => s.label)).toEqual(expect.arrayContaining(["Engine", "Power", "Weight"]));
      for (const v of product.variants) {
        expect(v.sku).toMatch(/^[A-Z0-9-]{2,32}$/);
        expect(v.color).toMatch(/^#[0-9a-f]{6}$/);
        expect(v.priceCents).toBeGreaterThan(0);
      }
    }
  });

  test("the skus of the first catalogue - still name the same products and prices", async () => {
    const expected = {
      "CL-01-GR": ["TR-CL-001", 5_890_000],
      "CL-01-RD": ["TR-CL-001", 5_990_000],
      "AU-01-SI": ["TR-AU-001", 12_450_000],
      "AU-01-BL": ["TR-AU-001", 12_650_000],
      "CO-25-OR": ["TR-CO-001", 2_390_000],
    };
    for (const [sku, [productId, amount]] of Object.entries(expected)) {
      expect(await (await request(`/api/products/${sku}`)).json()).toMatchObject({
        sku,
        productId,
        price: { amount },
      });
    }
  });

  test("every seeded variant - was announced once with its product name, category name and colour", async () => {
    const events = (await db().select().from(outbox)).map((row) => ProductChangedV1.parse(row.payload));
    expect(events).toHaveLength(SEED_PRODUCTS.flatMap((p) => p.variants).length);
    expect(events.find((e) => e.sku === "CL-01-RD")).toMatchObject({
      productName: "Heritage Workhorse",
      categoryName: "Classic tractors",
      color: "#b3261e",
      colorName: "Barn Red",
    });
  });

  test("rows of the first catalogue without spec or colour names - seeding again fills them in and announces nothing", async () => {
    const old = await buildService(catalog, { env: { LOG_LEVEL: "silent" }, inMemory: true });
    try {
      const oldDb = old.ctx.database.db;
      // what the first catalogue left behind: no spec, no colour names
      await oldDb.update(products).set({ spec: [] });
      await oldDb.update(variants).set({ colorName: "" });
      const before = (await oldDb.select().from(outbox)).length;
      expect(await seedCatalog(oldDb)).toBe(0);
      expect(await oldDb.select().from(outbox)).toHaveLength(before);
      const [row] = await oldDb.select().from(products).where(eq(products.id, "TR-CL-001"));
      expect(row?.spec.length).toBeGreaterThan(3);
      const [variant] = await oldDb.select().from(variants).where(eq(variants.sku, "CL-01-GR"));
      expect(variant?.colorName).toBe("Meadow Green");
    } finally {
      await old.close();
    }
  });
});

describe("catalog — categories and product list API", () => {
  test("GET /api/categories - lists the 6 categories in shop order with their product counts", async () => {
    const body = await (await request("/api/categories")).json();
    expect(body.items.map((c: { id: string }) => c.id)).toEqual(SEED_CATEGORIES.map((c) => c.id));
    expect(body.items[0]).toMatchObject({ id: "classic", name: "Classic tractors", productCount: 7 });
    const total = body.items.reduce((sum: number, c: { productCount: number }) => sum + c.productCount, 0);
    expect(total).toBe(SEED_PRODUCTS.length);
  });

  test("GET /api/products - lists every product with its variants, spec and images", async () => {
    const body = await (await request("/api/products")).json();
    expect(body.items).toHaveLength(SEED_PRODUCTS.length);
    const workhorse = body.items.find((p: { id: string }) => p.id === "TR-CL-001");
    expect(workhorse).toMatchObject({
      name: "Heritage Workhorse",
      category: "classic",
      variants: [
        { sku: "CL-01-GR", colorName: "Meadow Green", price: { amount: 5_890_000, currency: "EUR" } },
        { sku: "CL-01-RD", colorName: "Barn Red", price: { amount: 5_990_000, currency: "EUR" } },
      ],
    });
    expect(workhorse.spec).toContainEqual({ label: "Power", value: "38 hp (28 kW)" });
  });

  test("GET /api/products?category=electric - lists that category only", async () => {
    const body = await (await request("/api/products?category=electric")).json();
    expect(body.items.length).toBe(7);
    expect(body.items.every((p: { category: string }) => p.category === "electric")).toBe(true);
  });

  test("GET /api/products?category= an unknown category - is a 404 naming it; a malformed one a 422", async () => {
    const unknown = await request("/api/products?category=boats");
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).detail).toBe('No category "boats"');
    const malformed = await request("/api/products?category=Not%20A%20Slug");
    expect(malformed.status).toBe(422);
    expect((await malformed.json()).detail).toContain("query.category");
  });
});

describe("catalog — product images", () => {
  const svg = async (sku: string) => (await request(`/api/images/${sku}.v2.svg`)).text();
  const shapes = (text: string) => text.replace(/#[0-9a-f]{6}/gi, "").replace(/<title[^<]*<\/title>/, "");

  test("images of two categories - are different drawings, not only different colours", async () => {
    const classic = await svg("CL-01-GR");
    const autonomous = await svg("AU-01-SI");
    const heavy = await svg("HD-02-RD");
    expect(shapes(classic)).not.toBe(shapes(autonomous));
    expect(shapes(classic)).not.toBe(shapes(heavy));
    expect(classic).toContain("#2f7d32");
  });

  test("two colours of one product - are the same drawing in another colour", async () => {
    expect(shapes(await svg("CL-01-GR"))).toBe(shapes(await svg("CL-01-RD")));
  });

  test("an image of an unknown sku - is a 404 problem", async () => {
    const response = await request("/api/images/NOPE-1.v2.svg");
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
  });

  test("the image path in the API - is served with a one-year immutable cache", async () => {
    const { image } = await (await request("/api/products/EL-02-SK")).json();
    const response = await request(image.replace(/^\/api\/catalog/, "/api"));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(await response.text()).toContain("Solaris 75 — Sky Blue");
  });
});
