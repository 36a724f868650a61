/**
 * The shopper's journey through the composed storefront (issue 4), shared by the embedded and the
 * distributed runs: register → category → product → variant → add to cart (the mini-cart updates
 * without a reload when JavaScript runs) → cart (quantity) → checkout (store pickup where the stock
 * is, a payment method) → thanks with the order number → stock went down → the account lists it.
 */
import { expect } from "bun:test";
import type { Page } from "playwright-core";

export interface Stock {
  available: number;
  stores: { storeId: string; available: number }[];
}
/** A variant's stock, read through the storefront's gateway. */
export const stockOf = async (base: string, sku: string) =>
  (await (await fetch(`${base}/api/inventory/stock/${sku}`)).json()) as Stock;

export async function journey(page: Page, base: string, js: boolean, variant: number) {
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
  const before = await stockOf(base, sku);
  const store = [...before.stores].sort((a, b) => b.available - a.available)[0]?.storeId as string;
  const { name: storeName } = await (await fetch(`${base}/api/explore/stores/${store}`)).json();
  await page.getByLabel(new RegExp(storeName)).check();
  await page.getByLabel(/always approved/).check();
  await page.getByRole("button", { name: /Place order/ }).click();
  await page.waitForURL(/\/checkout\/thanks\?order=/, { timeout: 20_000 });
  const order = new URL(page.url()).searchParams.get("order") as string;
  await expect(page.locator("body").textContent()).resolves.toContain(order);
  expect((await stockOf(base, sku)).available).toBe(before.available - 2); // stock went down by what was bought
  await page.goto(`${base}/account`);
  await expect(page.locator("[data-boundary='identity/account-page']").textContent()).resolves.toContain(
    order,
  );
  return { sku, order };
}
