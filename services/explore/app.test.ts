import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { BusMessage } from "@tessera/chassis/bus";
import { createInProcessBus } from "@tessera/chassis/bus";
import { eventually } from "@tessera/chassis/bus/conformance";
import { type BuiltService, buildService } from "@tessera/chassis/service";
import { PRODUCT_CHANGED, type ProductChangedV1 } from "@tessera/contracts/events";
import { explore } from "./app.ts";
import { applyProductChanged } from "./events/product-changed.ts";

const bus = createInProcessBus();
let service: BuiltService;
beforeAll(async () => {
  service = await buildService(explore, { env: { LOG_LEVEL: "silent" }, inMemory: true, bus });
  await service.start();
});
afterAll(async () => {
  await service.close();
  await bus.close();
});

function event(overrides: Partial<ProductChangedV1> = {}): ProductChangedV1 {
  return {
    type: "ProductChanged",
    version: 1,
    sku: "T-1",
    productId: "P-1",
    name: "Test Tractor",
    description: "d",
    category: "classic",
    price: { amount: 1000, currency: "EUR" },
    image: "/api/catalog/images/T-1.v1.svg",
    changedAt: "2026-01-01T00:00:00.000Z",
    ...overrides,
  };
}
const message = (id: string, data: unknown): BusMessage => ({
  id,
  subject: PRODUCT_CHANGED,
  data,
  headers: {},
  deliveryCount: 1,
});
const listing = async (sku: string) => service.app.request(`/api/products/${sku}`);

describe("explore — listing read model", () => {
  test("a ProductChanged event on the bus - appears in the listing", async () => {
    await bus.publish(PRODUCT_CHANGED, event({ sku: "BUS-1", name: "From the bus" }), { id: "e-bus-1" });
    await eventually(async () => (await listing("BUS-1")).status === 200, 5000, "the listing");
    expect((await (await listing("BUS-1")).json()).name).toBe("From the bus");
  });

  test("the same message delivered twice - is applied once", async () => {
    const db = service.ctx.database.db;
    expect(
      await applyProductChanged(
        db,
        message("e-dup", event({ sku: "DUP-1", price: { amount: 5, currency: "EUR" } })),
      ),
    ).toBe(true);
    expect(
      await applyProductChanged(
        db,
        message("e-dup", event({ sku: "DUP-1", price: { amount: 9, currency: "EUR" } })),
      ),
    ).toBe(false);
    expect((await (await listing("DUP-1")).json()).price.amount).toBe(5);
  });

  test("an older change arriving after a newer one - does not overwrite it", async () => {
    const db = service.ctx.database.db;
    await applyProductChanged(
      db,
      message("e-new", event({ sku: "ORD-1", name: "New", changedAt: "2026-02-02T00:00:00.000Z" })),
    );
    await applyProductChanged(
      db,
      message("e-old", event({ sku: "ORD-1", name: "Old", changedAt: "2026-01-01T00:00:00.000Z" })),
    );
    expect((await (await listing("ORD-1")).json()).name).toBe("New");
  });

  test("a message that does not match the event schema - is rejected and writes nothing", async () => {
    const db = service.ctx.database.db;
    await expect(
      applyProductChanged(db, message("e-bad", { ...event({ sku: "BAD-1" }), price: "cheap" })),
    ).rejects.toThrow();
    expect((await listing("BAD-1")).status).toBe(404);
    // the id was not recorded: a corrected redelivery is still applied
    expect(await applyProductChanged(db, message("e-bad", event({ sku: "BAD-1" })))).toBe(true);
  });

  test("an event without the optional fields of newer catalogs - is still listed, named from the variant", async () => {
    const db = service.ctx.database.db;
    await applyProductChanged(
      db,
      message(
        "e-old-shape",
        event({ sku: "OLD-1", productId: "P-OLD", name: "Old Shape — Red", category: "orchard-special" }),
      ),
    );
    const html = await (
      await service.app.request("/fragments/category-page?category=orchard-special")
    ).text();
    expect(html).toContain("<h1>Orchard Special</h1>");
    expect(html).toContain("Old Shape</h2>");
  });

  test("GET /api/products?category= - lists that category only; a bad category is a 422", async () => {
    const db = service.ctx.database.db;
    await applyProductChanged(db, message("e-cat", event({ sku: "CAT-1", category: "compact" })));
    const body = await (await service.app.request("/api/products?category=compact")).json();
    expect(body.items.map((i: { sku: string }) => i.sku)).toEqual(["CAT-1"]);
    expect((await service.app.request("/api/products?category=Not%20Valid")).status).toBe(422);
  });
});
