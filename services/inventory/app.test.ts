import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { PRODUCT_CHANGED, type ProductChangedV1, STOCK_CHANGED } from "@tessera/contracts/events";
import { FragmentManifest } from "@tessera/contracts/fragment-manifest";
import { STORE_IDS } from "@tessera/contracts/reference/stores";
import { and, eq } from "drizzle-orm";
import { stock } from "./db/schema.ts";
import { stockPlan } from "./db/seed.ts";
import { applyProductChanged } from "./events/product-changed.ts";
import { type Harness, message, startInventory } from "./test-support.ts";

let h: Harness;
beforeAll(async () => {
  h = await startInventory();
});
afterAll(() => h.close());

const request = (path: string, init?: RequestInit) => h.service.app.request(path, init);

function productChanged(sku: string, overrides: Partial<ProductChangedV1> = {}): ProductChangedV1 {
  return {
    type: "ProductChanged",
    version: 1,
    sku,
    productId: "P-1",
    name: "Test Tractor",
    description: "d",
    category: "classic",
    price: { amount: 1000, currency: "EUR" },
    image: `/api/catalog/images/${sku}.v1.svg`,
    changedAt: "2026-01-01T00:00:00.000Z",
    ...overrides,
  };
}

describe("inventory — learning skus from catalog events", () => {
  test("a ProductChanged for a new sku - seeds its planned stock in all five stores and announces it", async () => {
    await h.publish(PRODUCT_CHANGED, productChanged("NEW-01-GR"));
    const changed = await h.reply(STOCK_CHANGED, (d) => d.sku === "NEW-01-GR");
    const plan = stockPlan("NEW-01-GR");
    const total = Object.values(plan).reduce((a, b) => a + b, 0);
    expect(changed.data).toMatchObject({ type: "StockChanged", version: 1, available: total });
    const body = await (await request("/api/stock/NEW-01-GR")).json();
    expect(body.available).toBe(total);
    expect(body.stores.map((s: { storeId: string }) => s.storeId)).toEqual([...STORE_IDS]);
    for (const store of body.stores) expect(store.available).toBe(plan[store.storeId]);
  });

  test("a later ProductChanged for a known sku - never overwrites the stock it has", async () => {
    await h.stockUp("KNOWN-1", { "store-hamburg": 7 });
    await h.db
      .update(stock)
      .set({ available: 2, sold: 5 })
      .where(and(eq(stock.sku, "KNOWN-1"), eq(stock.storeId, "store-hamburg")));
    const outcome = await applyProductChanged(
      h.db,
      message(PRODUCT_CHANGED, productChanged("KNOWN-1", { price: { amount: 5, currency: "EUR" } })),
    );
    expect(outcome).toBe("known");
    expect(await h.shelf("KNOWN-1", "store-hamburg")).toMatchObject({ available: 2, sold: 5, received: 7 });
  });

  test("the same message delivered twice - is applied once", async () => {
    const m = message(PRODUCT_CHANGED, productChanged("TWICE-1"));
    expect(await applyProductChanged(h.db, m)).toBe("seeded");
    expect(await applyProductChanged(h.db, m)).toBe("duplicate");
  });

  test("a message that does not match the event schema - is rejected and stocks nothing", async () => {
    await expect(
      applyProductChanged(h.db, message(PRODUCT_CHANGED, { ...productChanged("BAD-1"), price: "cheap" })),
    ).rejects.toThrow();
    expect((await request("/api/stock/BAD-1")).status).toBe(404);
  });
});

describe("inventory — stock API", () => {
  beforeAll(async () => {
    await h.stockUp("API-PLENTY", { "store-hamburg": 10, "store-berlin": 4 });
    await h.stockUp("API-LOW", { "store-vienna": 3 });
    await h.stockUp("API-NONE", {});
  });

  test("GET /api/stock/:sku - gives the total and each store, with their status", async () => {
    const response = await request("/api/stock/API-PLENTY");
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ sku: "API-PLENTY", available: 14, status: "in-stock" });
    expect(body.stores).toContainEqual({ storeId: "store-berlin", available: 4, status: "low" });
    expect(body.stores).toContainEqual({ storeId: "store-munich", available: 0, status: "sold-out" });
  });

  test("GET /api/stock?skus= - answers a batch, listing the skus it does not know", async () => {
    const body = await (await request("/api/stock?skus=API-LOW,API-NONE,NOPE-9")).json();
    expect(body.items.map((i: { sku: string; status: string }) => [i.sku, i.status])).toEqual([
      ["API-LOW", "low"],
      ["API-NONE", "sold-out"],
    ]);
    expect(body.unknown).toEqual(["NOPE-9"]);
  });

  test("GET /api/stock?skus= with a malformed sku - is a 422 naming query.skus", async () => {
    const response = await request("/api/stock?skus=API-LOW,not%20a%20sku");
    expect(response.status).toBe(422);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect((await response.json()).detail).toContain("query.skus");
  });

  test("GET /api/stock without skus - is a 422", async () => {
    expect((await request("/api/stock")).status).toBe(422);
  });

  test("GET /api/stock/:sku for an unknown sku - is a 404 problem naming the sku", async () => {
    const response = await request("/api/stock/NOPE-1");
    expect(response.status).toBe(404);
    expect((await response.json()).detail).toBe('No stock known for sku "NOPE-1"');
  });

  test("POST /api/stock/:sku/restock - adds the units to the store and announces the new total", async () => {
    const response = await request("/api/stock/API-NONE/restock", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ storeId: "store-cologne", quantity: 6 }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ available: 6, status: "in-stock" });
    expect(await h.shelf("API-NONE", "store-cologne")).toMatchObject({ available: 6, received: 6 });
    await h.reply(STOCK_CHANGED, (d) => d.sku === "API-NONE" && d.available === 6);
  });

  test("POST /api/stock/:sku/restock to an unknown store - is a 422 naming body.storeId and changes nothing", async () => {
    const response = await request("/api/stock/API-LOW/restock", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ storeId: "store-paris", quantity: 6 }),
    });
    expect(response.status).toBe(422);
    expect((await response.json()).detail).toContain("body.storeId");
    expect((await (await request("/api/stock/API-LOW")).json()).available).toBe(3);
  });
});

describe("inventory — stock fragment", () => {
  beforeAll(async () => {
    await h.stockUp("FR-LOW", { "store-munich": 3 });
    await h.stockUp("FR-OUT", {});
    await h.stockUp("FR-MANY", { "store-hamburg": 12 });
  });

  test("GET /fragments/stock for a sku with 3 left - says 'Only 3 left' with the stores in a disclosure", async () => {
    const response = await request("/fragments/stock?sku=FR-LOW");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("fragment-version")).toMatch(/^inventory@\d+\.\d+\.\d+/);
    const html = await response.text();
    expect(html).toContain('data-boundary="inventory/stock"');
    expect(html).toContain('shadowrootmode="open"');
    expect(html).toContain("Only 3 left");
    expect(html).toContain("<details>");
    expect(html).toContain("<summary>Availability in our stores</summary>");
    expect(html).toContain("Munich");
  });

  test("GET /fragments/stock - says 'In stock' and 'Sold out' for the other states", async () => {
    expect(await (await request("/fragments/stock?sku=FR-MANY")).text()).toContain("In stock");
    expect(await (await request("/fragments/stock?sku=FR-OUT")).text()).toContain("Sold out");
  });

  test("GET /fragments/stock without a sku - is a 422 naming query.sku", async () => {
    const response = await request("/fragments/stock");
    expect(response.status).toBe(422);
    expect((await response.json()).detail).toContain("query.sku");
  });

  test("GET /fragments/manifest.json - a valid manifest naming the element the shell hydrates, its module and the remote's scripts with integrity", async () => {
    const manifest = FragmentManifest.parse(await (await request("/fragments/manifest.json")).json());
    expect(manifest.team).toBe("inventory");
    expect(manifest.fragments.stock).toMatchObject({
      endpoint: "/fragments/stock",
      params: ["sku"],
      element: "inventory-stock",
      module: "inventory/stock",
    });
    expect(manifest.federation).toMatchObject({
      name: "tessera_inventory",
      alias: "inventory",
      manifest: "/assets/mf-manifest.json",
      exposes: { "./stock": "inventory-stock" },
    });
    const entry = manifest.assets.js.find((s) => s.path === "/assets/remoteEntry.js");
    expect(entry?.integrity).toMatch(/^sha384-[A-Za-z0-9+/]+={0,2}$/);
    // the hash is the served file's
    const served = await request("/assets/remoteEntry.js");
    expect(served.status).toBe(200);
    expect(served.headers.get("access-control-allow-origin")).toBe("*");
    const digest = new Bun.CryptoHasher("sha384").update(await served.arrayBuffer()).digest("base64");
    expect(entry?.integrity).toBe(`sha384-${digest}`);
  });

  test("GET /fragments/stock - the built-in version, varying on the version the composer asks for", async () => {
    const response = await request("/fragments/stock?sku=FR-LOW");
    expect(response.headers.get("fragment-version")).toBe("inventory@0.1.0");
    expect(response.headers.get("vary")).toContain("tessera-fragment-version");
  });

  test("GET /fragments/stock asking for a version that is not published - a 400 problem naming it", async () => {
    const response = await request("/fragments/stock?sku=FR-LOW", {
      headers: { "tessera-fragment-version": "0.1.0+0123456789" },
    });
    expect(response.status).toBe(400);
    expect((await response.json()).detail).toContain('inventory has no release "0.1.0+0123456789"');
  });
});

describe("inventory — OpenAPI", () => {
  test("GET /openapi.json - documents the stock API with the schemas the routes validate with", async () => {
    const doc = await (await request("/openapi.json")).json();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/stock/{sku}",
        "/api/stock",
        "/api/stock/{sku}/restock",
        "/fragments/stock",
      ]),
    );
    const restock = doc.paths["/api/stock/{sku}/restock"].post.requestBody.content["application/json"].schema;
    expect(restock.properties.storeId.enum).toEqual([...STORE_IDS]);
    expect(restock.required).toEqual(["storeId", "quantity"]);
    const view = doc.paths["/api/stock/{sku}"].get.responses["200"].content["application/json"].schema;
    expect(view.properties.status.enum).toEqual(["in-stock", "low", "sold-out"]);
  });
});
