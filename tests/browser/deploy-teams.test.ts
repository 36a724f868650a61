/**
 * Inventory and payments deploy their fragments on their own, like catalog (tests/browser/deploy.test.ts):
 * the `tessera` CLI, as a subprocess, builds and publishes a changed copy of `fragments/inventory`
 * (other headlines on the stock badge) and of `fragments/payments` (another legend, and another
 * label on the card-number field the picker adds once hydrated); the next page view shows it in the
 * server's HTML and in the hydrated component, with no process restarted; rollback brings the old
 * one back. Without JavaScript, the checkout page's payment fieldset posts as before.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { Embedded } from "../../scripts/embedded.ts";
import { copyFragments, tessera as runTessera, startStorefrontInBrowser } from "./support.ts";

setDefaultTimeout(300_000);
/** A variant with plenty of stock (the seed's plan for it): its badge says "In stock". */
const SKU = "CL-01-GR";
const PRODUCT_PAGE = `/product/TR-CL-001?sku=${SKU}`;
const STOCK = {
  old: { inStock: "In stock", soldOut: "Sold out" },
  new: { inStock: "Ready to ship", soldOut: "Gone for now" },
};
const PAYMENTS = {
  old: { legend: "Payment method", field: "Or type a test card number" },
  new: { legend: "How you pay", field: "Or enter a test card" },
};

let storefront: Embedded;
let browser: Browser;
let stop: (() => Promise<void>) | undefined;
let work: string;
let servicesBefore: string[];
let inventoryCopy: string;
let paymentsCopy: string;

const tessera = (...args: string[]) => runTessera(storefront, ...args);

/** The stock badge's headline in the product page's HTML as the server sent it. */
async function serverHeadline(context: BrowserContext): Promise<string> {
  const html = await (await context.request.get(`${storefront.url}${PRODUCT_PAGE}`)).text();
  const at = html.indexOf("<inventory-stock");
  expect(at).toBeGreaterThan(-1);
  const badge = html.slice(at, html.indexOf("</inventory-stock>", at));
  for (const text of [...Object.values(STOCK.old), ...Object.values(STOCK.new)])
    if (badge.includes(text)) return text;
  return `unknown: ${badge.slice(0, 300)}`;
}

/**
 * Loads the product page, waits until the badge is hydrated (defined by the federated module, its
 * server-rendered shadow root kept), then makes the client code render a sold-out badge: what the
 * headline says then comes from the version the browser loaded. Also names the remote it came from.
 */
async function hydratedBadge(page: Page): Promise<{ before: string; soldOut: string; remote: string }> {
  await page.goto(`${storefront.url}${PRODUCT_PAGE}`);
  const badge = page.locator("inventory-stock");
  await badge.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => customElements.get("inventory-stock") !== undefined, null, {
    timeout: 30_000,
  });
  return page.evaluate(async () => {
    const element = document.querySelector("inventory-stock") as HTMLElement & {
      status: string;
      available: number;
      updateComplete: Promise<boolean>;
    };
    const headline = () => element.shadowRoot?.querySelector(".headline")?.textContent?.trim() ?? "";
    const before = headline();
    element.status = "sold-out";
    element.available = 0;
    await element.updateComplete;
    const remote =
      performance
        .getEntriesByType("resource")
        .map((e) => e.name)
        .find((name) => /\/_assets\/inventory\/.*remoteEntry\.js$/.test(name)) ?? "";
    return { before, soldOut: headline(), remote: new URL(remote, location.href).pathname };
  });
}

/**
 * A cart with one tractor in it, for the checkout page: "Add to cart" on the product page, as a
 * shopper does. Answers the page it used, for the rest of the test: a second page of a context
 * (`newPage` after closing this one) hung Chromium now and then, above all without JavaScript.
 */
async function withCart(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${storefront.url}${PRODUCT_PAGE}`);
  await page.getByRole("button", { name: "Add to cart" }).click();
  // without JavaScript the form posts and redirects to the cart; with it, the component posts in place.
  // The cart holds the tractor once it has a line for it: the SKU alone is also on an empty cart's
  // page (the shop's header and footer name products), which let the checkout page load too early.
  const line = new RegExp(`name="sku" value="${SKU}"`);
  const deadline = Date.now() + 20_000;
  for (;;) {
    const cart = await (await context.request.get(`${storefront.url}/checkout/cart`)).text();
    if (line.test(cart)) return page;
    if (Date.now() > deadline) throw new Error(`the cart has no line for ${SKU} 20 s after "Add to cart"`);
    await Bun.sleep(200);
  }
}

/** The payment fieldset's legend in the checkout page's HTML as the server sent it. */
async function serverLegend(context: BrowserContext): Promise<string> {
  const html = await (await context.request.get(`${storefront.url}/checkout/checkout`)).text();
  const legend = /data-boundary="payments\/payment-method"[\s\S]*?<legend>([^<]*)<\/legend>/.exec(html)?.[1];
  return legend ?? `no payment fieldset in: ${html.slice(0, 200)}`;
}

/**
 * Loads the checkout page, waits until the picker is hydrated, types the declined test card's
 * number: the label of the field (rendered by the client code only), the formatted number, and
 * the radio it checked.
 */
async function hydratedPicker(page: Page): Promise<{ label: string; typed: string; checked: string }> {
  await page.goto(`${storefront.url}/checkout/checkout`);
  await page.locator("payments-method-picker").scrollIntoViewIfNeeded();
  const field = page.locator("payments-method-picker input#card-number");
  await field.waitFor({ timeout: 30_000 });
  const label =
    (await page.locator("payments-method-picker label[for=card-number]").textContent())?.trim() ?? "";
  await field.pressSequentially("4000000000000002");
  return {
    label,
    typed: await field.inputValue(),
    checked: await page
      .locator('input[name="paymentToken"]:checked')
      .evaluate((i) => (i as HTMLInputElement).value),
  };
}

beforeAll(async () => {
  const started = await startStorefrontInBrowser({ name: "deploy-teams" });
  ({ storefront, browser, stop } = started);
  work = await started.tempDir("deploy-teams-src");
  servicesBefore = storefront.services.map((s) => s.url);
  inventoryCopy = await copyFragments("inventory", work, ["src/stock-badge.ts"], (_, text) =>
    text
      .replaceAll(`"${STOCK.old.inStock}"`, `"${STOCK.new.inStock}"`)
      .replaceAll(`"${STOCK.old.soldOut}"`, `"${STOCK.new.soldOut}"`),
  );
  paymentsCopy = await copyFragments(
    "payments",
    work,
    ["src/payment-method.ts", "src/method-picker.ts"],
    (_, text) =>
      text
        .replace(`<legend>${PAYMENTS.old.legend}</legend>`, `<legend>${PAYMENTS.new.legend}</legend>`)
        .replace(`>${PAYMENTS.old.field}</label>`, `>${PAYMENTS.new.field}</label>`),
  );
}, 300_000);

afterAll(() => stop?.());

describe("inventory deploys its stock badge into the running storefront", () => {
  let deployed = "";

  test("the built-in version - the badge is hydrated from inventory's own remote", async () => {
    const stock = await (await fetch(`${storefront.url}/api/inventory/stock/${SKU}`)).json();
    expect(stock.status).toBe("in-stock"); // the seed's plan for this sku
    const context = await browser.newContext();
    expect(await serverHeadline(context)).toBe(STOCK.old.inStock);
    expect(await hydratedBadge(await context.newPage())).toEqual({
      before: STOCK.old.inStock,
      soldOut: STOCK.old.soldOut,
      remote: "/_assets/inventory/remoteEntry.js",
    });
    await context.close();
  });

  test("deploy - the next page view shows the new badge on the server and in the hydrated component, nothing restarted", async () => {
    const { code, out } = await tessera("deploy", "inventory", "--source", inventoryCopy);
    expect(out).toContain("can be deployed");
    expect(code).toBe(0);
    deployed = /published inventory (\S+)/.exec(out)?.[1] ?? "";
    expect(deployed).toMatch(/^0\.1\.0\+[0-9a-f]{10}$/);
    const context = await browser.newContext();
    expect(await serverHeadline(context)).toBe(STOCK.new.inStock);
    expect(await hydratedBadge(await context.newPage())).toEqual({
      before: STOCK.new.inStock,
      soldOut: STOCK.new.soldOut,
      remote: `/_assets/inventory/releases/${deployed}/remoteEntry.js`,
    });
    expect(storefront.services.map((s) => s.url)).toEqual(servicesBefore);
    await context.close();
  });

  test("rollback - the old badge is back on the next page view, server and client", async () => {
    const { code, out } = await tessera("rollback", "inventory");
    expect(out).toContain("the storefront uses it");
    expect(code).toBe(0);
    const context = await browser.newContext();
    expect(await serverHeadline(context)).toBe(STOCK.old.inStock);
    expect(await hydratedBadge(await context.newPage())).toEqual({
      before: STOCK.old.inStock,
      soldOut: STOCK.old.soldOut,
      remote: "/_assets/inventory/remoteEntry.js",
    });
    await context.close();
  });
});

describe("payments deploys its payment-method picker into the running storefront", () => {
  test("the built-in version - the picker hydrates: typing a test card's number formats it and picks its method", async () => {
    const context = await browser.newContext();
    const page = await withCart(context);
    expect(await serverLegend(context)).toBe(PAYMENTS.old.legend);
    expect(await hydratedPicker(page)).toEqual({
      label: PAYMENTS.old.field,
      typed: "4000 0000 0000 0002",
      checked: "tok_visa_declined",
    });
    await context.close();
  });

  test("without JavaScript - the same radios, no card field, the chosen method posts with the form", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await withCart(context);
    await page.goto(`${storefront.url}/checkout/checkout`);
    expect(await page.locator("payments-method-picker input#card-number").count()).toBe(0);
    await page.getByLabel(/always declined/).check();
    const form = page.locator("form", { has: page.locator('input[name="paymentToken"]') });
    const posted = await form.evaluate((f) => new FormData(f as HTMLFormElement).get("paymentToken"));
    expect(posted).toBe("tok_visa_declined");
    await context.close();
  });

  test("deploy, then rollback - the next page view shows each version on the server and in the hydrated picker", async () => {
    const { code, out } = await tessera("deploy", "payments", "--source", paymentsCopy);
    expect(out).toContain("can be deployed");
    expect(code).toBe(0);
    let context = await browser.newContext();
    let page = await withCart(context);
    expect(await serverLegend(context)).toBe(PAYMENTS.new.legend);
    expect((await hydratedPicker(page)).label).toBe(PAYMENTS.new.field);
    expect(storefront.services.map((s) => s.url)).toEqual(servicesBefore);
    await context.close();

    const back = await tessera("rollback", "payments");
    expect(back.code).toBe(0);
    context = await browser.newContext();
    page = await withCart(context);
    expect(await serverLegend(context)).toBe(PAYMENTS.old.legend);
    expect((await hydratedPicker(page)).label).toBe(PAYMENTS.old.field);
    await context.close();
  });
});

describe("the hydrated stock badge keeps itself current", () => {
  test("a product added to the cart - the badge re-reads the live stock: a store's new count shows without a reload", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${storefront.url}${PRODUCT_PAGE}`);
    await page.locator("inventory-stock").scrollIntoViewIfNeeded();
    await page.waitForFunction(() => customElements.get("inventory-stock") !== undefined, null, {
      timeout: 30_000,
    });
    const hamburg = () =>
      page.evaluate(() => {
        const rows = document.querySelector("inventory-stock")?.shadowRoot?.querySelectorAll("li") ?? [];
        const row = [...rows].find((li) => li.textContent?.includes("Hamburg"));
        return row?.querySelectorAll("span")[1]?.textContent?.trim() ?? "";
      });
    const before = Number.parseInt(await hamburg(), 10);
    expect(before).toBeGreaterThan(0);
    // units arrive at the Hamburg store while the page is open
    const inventory = storefront.services.find((s) => s.name === "inventory");
    const restocked = await inventory?.built.app.request(`/api/stock/${SKU}/restock`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ storeId: "store-hamburg", quantity: 5 }),
    });
    expect(restocked?.status).toBe(200);
    expect(await hamburg()).toBe(`${before} available`); // nothing re-read yet
    await page.getByRole("button", { name: "Add to cart" }).click();
    await page.waitForFunction(
      (expected) =>
        [...(document.querySelector("inventory-stock")?.shadowRoot?.querySelectorAll("li") ?? [])].some(
          (li) => li.textContent?.includes("Hamburg") && li.textContent.includes(expected),
        ),
      `${before + 5} available`,
      { timeout: 20_000 },
    );
    await context.close();
  });
});
