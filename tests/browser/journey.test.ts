/**
 * The shopper's journey through the composed storefront in Chromium (issue 4): home → category →
 * product → variant → add to cart (mini-cart updates) → cart (quantity, remove) → checkout
 * (store pickup, payment) → thanks with the order number → the account page lists the order.
 * With JavaScript and without it.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { memoryDestination } from "@tessera/chassis/log";
import type { Browser, Page } from "playwright-core";
import { type Embedded, startEmbedded } from "../../scripts/embedded.ts";
import { launchChromium } from "./support.ts";

setDefaultTimeout(60_000);
const logs = memoryDestination();
let storefront: Embedded;
let browser: Browser;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "tessera-journey-"));
  storefront = await startEmbedded({
    port: 0,
    servicePortBase: 0,
    dataDir,
    logDestination: logs,
    say: () => {},
  });
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await storefront?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

interface Stock {
  available: number;
  stores: { storeId: string; available: number }[];
}
const stockOf = async (sku: string) =>
  (await (await fetch(`${storefront.url}/api/inventory/stock/${sku}`)).json()) as Stock;

async function journey(page: Page, js: boolean, variant: number) {
  const base = storefront.url;
  const email = `shopper-${js ? "js" : "nojs"}-${Date.now()}@example.com`;
  // an account first, so the order shows on the account page
  await page.goto(`${base}/account/register`);
  await page.getByLabel("Name").fill("Ada Shopper");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill("correct horse battery");
  await page.getByLabel("Repeat the password").fill("correct horse battery");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/account$/);

  await page.goto(`${base}/`);
  await page.getByRole("navigation").getByRole("link", { name: "Classic" }).first().click();
  await page.waitForURL(/\/products\/classic/);
  // Heritage Workhorse: a product with more than one colour
  await page.locator("main a[href^='/product/TR-CL-001']").first().click();
  await page.waitForURL(/\/product\//);
  const productId = new URL(page.url()).pathname.split("/").at(-1) as string;
  // the variant picker: links to the same product with another sku
  await page.locator(`a[href^='/product/${productId}?sku=']`).nth(variant).click();
  await page.waitForURL(/sku=/);
  const sku = new URL(page.url()).searchParams.get("sku") as string;
  await page.getByRole("button", { name: "Add to cart" }).click();
  if (js) {
    // the mini-cart (another team's component) hears checkout:cart-updated and updates in place
    await page.getByRole("link", { name: /^Cart, 1 item/ }).waitFor();
    expect(new URL(page.url()).pathname).toContain("/product/"); // no reload
    await page.goto(`${base}/checkout/cart`);
  }
  await page.waitForURL(/\/checkout\/cart/);
  await expect(page.locator("[data-boundary='checkout/cart-page']").textContent()).resolves.toContain(sku);
  await page
    .getByLabel(/Quantity/)
    .first()
    .fill("2");
  await page
    .getByRole("button", { name: /Update/ })
    .first()
    .click();
  await page.waitForURL(/\/checkout\/cart/);
  await page.getByRole("link", { name: "Go to checkout" }).click();
  await page.waitForURL(/\/checkout\/checkout/);
  // pick up where the stock is (as the product page's stock breakdown tells a shopper)
  const before = await stockOf(sku);
  const store = [...before.stores].sort((a, b) => b.available - a.available)[0]?.storeId as string;
  const { name: storeName } = await (await fetch(`${storefront.url}/api/explore/stores/${store}`)).json();
  await page.getByLabel(new RegExp(storeName)).check();
  await page.getByLabel(/always approved/).check();
  await page.getByRole("button", { name: /Place order/ }).click();
  await page.waitForURL(/\/checkout\/thanks\?order=/, { timeout: 20_000 });
  const order = new URL(page.url()).searchParams.get("order") as string;
  await expect(page.locator("body").textContent()).resolves.toContain(order);
  expect((await stockOf(sku)).available).toBe(before.available - 2); // stock went down by what was bought
  await page.goto(`${base}/account`);
  await expect(page.locator("[data-boundary='identity/account-page']").textContent()).resolves.toContain(
    order,
  );
  return { sku, order };
}

describe("the shopper's journey", () => {
  test("with JavaScript - the whole purchase works and the mini-cart updates without a reload", async () => {
    const context = await browser.newContext();
    await journey(await context.newPage(), true, 1);
    await context.close();
  });

  test("without JavaScript - the whole purchase works with form posts and redirects", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    await journey(await context.newPage(), false, 0);
    await context.close();
  });
});

describe("a declined payment", () => {
  test("declined card - a clear message, no order placed, the cart kept and no stock left reserved", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const base = storefront.url;
    const sku = "AU-01-BL";
    const before = await stockOf(sku);
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
    await expect(page.getByText(/declined/i).first().isVisible()).resolves.toBe(true);
    // the reservation made before the payment was declined is released again
    const deadline = Date.now() + 10_000;
    while ((await stockOf(sku)).available !== before.available && Date.now() < deadline) await Bun.sleep(100);
    expect((await stockOf(sku)).available).toBe(before.available);
    await page.goto(`${base}/checkout/cart`);
    await expect(page.locator("[data-boundary='checkout/cart-page']").textContent()).resolves.toContain(sku);
    await context.close();
  });
});
