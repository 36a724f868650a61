import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type TestAccess, testAccess } from "@tessera/chassis/access/testing";
import { createInProcessBus } from "@tessera/chassis/bus";
import { eventually } from "@tessera/chassis/bus/conformance";
import { type BuiltService, buildService } from "@tessera/chassis/service";
import { PRODUCT_CHANGED } from "@tessera/contracts/events";
import { explore } from "../app.ts";
import { readModels, stores } from "../db/schema.ts";
import { SEED_STORES, seedStores } from "../db/seed.ts";
import { asMessage, catalogEvents } from "../test-events.ts";
import { applyProductChanged } from "./product-changed.ts";

const bus = createInProcessBus();
let service: BuiltService;
let access: TestAccess;
const events = catalogEvents();

beforeAll(async () => {
  access = await testAccess();
  service = await buildService(explore, { env: { LOG_LEVEL: "silent", ...access.env }, inMemory: true, bus });
  await service.start();
  for (const event of events) await bus.publish(PRODUCT_CHANGED, event, { id: `catalog-${event.sku}` });
  // a later price change of one variant: the replay must end on it too
  const [first] = events;
  if (first) {
    await bus.publish(
      PRODUCT_CHANGED,
      { ...first, price: { amount: 999_900, currency: "EUR" }, changedAt: "2026-03-01T00:00:00.000Z" },
      { id: "catalog-price-change" },
    );
  }
});
afterAll(async () => {
  await service.close();
  await bus.close();
});

const listing = async () => (await (await service.app.request("/api/products")).json()).items;
const caughtUp = async () =>
  (await listing()).length === events.length &&
  (await listing()).some((i: { price: { amount: number } }) => i.price.amount === 999_900);

describe("explore — listing rebuild by replay", () => {
  test("POST /ops/rebuild-listings - empties the read model, replays the stream, and ends on the same listing", async () => {
    await eventually(caughtUp, 5000, "the listing to catch up with the bus");
    const before = await listing();
    // a row the stream never carried: a rebuild from the events must drop it
    await applyProductChanged(
      service.ctx.database.db,
      asMessage({ ...(events[0] as (typeof events)[0]), sku: "GHOST-1" }, "not-on-the-bus"),
    );
    expect((await listing()).length).toBe(events.length + 1);

    // /ops/* answers operators only (the chassis guards it)
    const response = await service.app.request("/ops/rebuild-listings", {
      method: "POST",
      headers: await access.as("operator-1", "explore", { roles: ["operator"] }),
    });
    expect(response.status).toBe(202);
    const { consumer } = await response.json();
    expect(consumer).toMatch(/^explore-listings-/);

    await eventually(caughtUp, 5000, "the rebuilt listing to catch up");
    expect(await listing()).toEqual(before);
  });

  test("after a rebuild - the new consumer name is remembered, so a restart resumes it", async () => {
    const [row] = await service.ctx.database.db.select().from(readModels);
    expect(row?.name).toBe("listings");
    expect(row?.consumer).toMatch(/^explore-listings-/);
    expect(row?.rebuiltAt).toBeInstanceOf(Date);
  });

  test("an event published after a rebuild - reaches the listing through the new consumer", async () => {
    await bus.publish(
      PRODUCT_CHANGED,
      { ...(events[0] as (typeof events)[0]), sku: "NEW-1" },
      { id: "after-rebuild" },
    );
    await eventually(
      async () => (await service.app.request("/api/products/NEW-1")).status === 200,
      5000,
      "the new listing",
    );
  });
});

describe("explore — stores seed", () => {
  test("seeding again - inserts nothing and keeps the five stores", async () => {
    expect(await seedStores(service.ctx.database.db)).toBe(0);
    const rows = await service.ctx.database.db.select().from(stores);
    expect(rows.map((r) => r.id).sort()).toEqual(SEED_STORES.map((s) => s.id).sort());
  });
});
