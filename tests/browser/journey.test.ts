/** The shopper's journeys in Chromium against the embedded storefront, with JavaScript and without. */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { memoryDestination } from "@tessera/chassis/log";
import type { Browser } from "playwright-core";
import type { Embedded } from "../../scripts/embedded.ts";
import { journey, stockOf } from "./journey.ts";
import { startStorefrontInBrowser } from "./support.ts";

setDefaultTimeout(60_000);
const logs = memoryDestination();
let storefront: Embedded;
let browser: Browser;
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ storefront, browser, stop } = await startStorefrontInBrowser({ name: "journey", logDestination: logs }));
}, 90_000);

afterAll(() => stop?.());

describe("the shopper's journey", () => {
  test("with JavaScript - the whole purchase works and the mini-cart updates without a reload", async () => {
    const context = await browser.newContext();
    await journey(await context.newPage(), storefront.url, true, 1);
    await context.close();
  });

  test("without JavaScript - the whole purchase works with form posts and redirects", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    await journey(await context.newPage(), storefront.url, false, 0);
    await context.close();
  });
});

describe("a declined payment", () => {
  test("declined card - a clear message, no order placed, the cart kept and no stock left reserved", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const base = storefront.url;
    const sku = "AU-01-BL";
    const before = await stockOf(base, sku);
    await page.goto(`${base}/product/TR-AU-001?sku=${sku}`);
    await page.getByRole("button", { name: "Add to cart" }).click();
    await page.waitForURL(/\/checkout\/cart/);
    await page.getByRole("link", { name: "Go to checkout" }).click();
    const store = [...before.stores].sort((a, b) => b.available - a.available)[0]?.storeId as string;
    const { name: storeName } = await (await fetch(`${base}/api/explore/stores/${store}`)).json();
    await page.getByLabel(new RegExp(storeName)).check();
    await page.getByLabel(/always declined/).check();
    await page.getByRole("button", { name: /Place order/ }).click();
    await page.waitForURL(/\/checkout\/checkout\?error=payment-declined/, { timeout: 20_000 });
    await expect(
      page
        .getByText(/declined/i)
        .first()
        .isVisible(),
    ).resolves.toBe(true);
    // the reservation made before the payment was declined is released again
    const deadline = Date.now() + 10_000;
    while ((await stockOf(base, sku)).available !== before.available && Date.now() < deadline)
      await Bun.sleep(100);
    expect((await stockOf(base, sku)).available).toBe(before.available);
    await page.goto(`${base}/checkout/cart`);
    await expect(page.locator("[data-boundary='checkout/cart-page']").textContent()).resolves.toContain(sku);
    await context.close();
  });
});
