import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testAccess } from "@tessera/chassis/access/testing";
import { createInProcessBus } from "@tessera/chassis/bus";
import { buildService } from "@tessera/chassis/service";
import { checkout } from "../app.ts";
import { cartCookieOf, givenProduct, type Harness } from "../testing/harness.ts";

const dataDir = mkdtempSync(join(tmpdir(), "checkout-cart-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function open(): Promise<Harness> {
  const bus = createInProcessBus();
  const service = await buildService(checkout, {
    env: { LOG_LEVEL: "silent", DATA_DIR: dataDir, SWEEP_INTERVAL_MS: "3600000" },
    bus,
  });
  await service.start();
  const close = async () => {
    await service.close();
    await bus.close();
  };
  return { bus, service, access: await testAccess(), close };
}

describe("cart — persistence", () => {
  test("a cart - is still there after the service restarts on the same database", async () => {
    const first = await open();
    await givenProduct(first, "CL-01-GR", 5_890_000);
    const added = await first.service.app.request("/checkout/cart/add", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: "sku=CL-01-GR&quantity=3",
    });
    const cartId = cartCookieOf(added) as string;
    await first.close();

    const second = await open();
    try {
      const cart = await (
        await second.service.app.request("/api/cart", { headers: { "x-tessera-cart-id": cartId } })
      ).json();
      expect(cart).toMatchObject({ count: 3, lines: [{ sku: "CL-01-GR", quantity: 3 }] });
    } finally {
      await second.close();
    }
  }, 30_000); // two PGlite starts on disk: slow on a busy machine
});
