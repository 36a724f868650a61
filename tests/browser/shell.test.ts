/**
 * The shell in Chromium: components load lazily (a module below the fold is not fetched until it
 * is scrolled to or clicked, and the click still works), lit arrives once, the mini-cart's
 * client-only popover lists the cart, a product card's quick view adds to the cart through
 * checkout's own component, the shell and the remotes' scripts are preloaded instead of fetched one
 * after the other (each once), and a remote that fails to load (404, 500, a script that
 * throws, a script whose integrity does not match) leaves the server-rendered page usable and is
 * reported to the composer with the page's trace id — without a CSP violation.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { memoryDestination } from "@tessera/chassis/log";
import type { Browser, Page, Route } from "playwright-core";
import type { Embedded } from "../../scripts/embedded.ts";
import { PRODUCT_SKU } from "./pages.ts";
import { startStorefrontInBrowser } from "./support.ts";

const logs = memoryDestination();
let storefront: Embedded;
let browser: Browser;
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ storefront, browser, stop } = await startStorefrontInBrowser({
    name: "shell",
    env: { ...process.env, LOG_LEVEL: "warn" },
    logDestination: logs,
  }));
}, 120_000);

afterAll(() => stop?.(), 60_000);

setDefaultTimeout(30_000);

const PRODUCT_PAGE = `/product/TR-CL-001?sku=${PRODUCT_SKU}`;

/** A page that records the script URLs it requested and the console errors and CSP violations it saw. */
async function openPage(viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const scripts: string[] = [];
  const errors: string[] = [];
  page.on("request", (r) => {
    if (r.resourceType() === "script") scripts.push(new URL(r.url()).pathname);
  });
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  /** Closes the context once the page is quiet (closing mid-request upsets playwright's bookkeeping). */
  const close = async () => {
    await page.unrouteAll({ behavior: "wait" });
    await page.waitForLoadState("networkidle").catch(() => {});
    await context.close();
  };
  return { context, page, scripts, errors, close };
}

const hydrated = (page: Page) =>
  page.waitForSelector("html[data-tessera-hydrated=true]", { timeout: 15_000 });
const traceIdOf = async (page: Page) =>
  (await page.locator('meta[name="trace-id"]').getAttribute("content")) as string;

/** Waits (polling the composer's log) for its line about a client error reported from `traceId`. */
async function reportFor(traceId: string, kind: string) {
  for (let i = 0; i < 100; i++) {
    const line = logs.lines.find((l) => l.trace_id === traceId && l.client_error === kind);
    if (line) return line;
    await Bun.sleep(100);
  }
  throw new Error(`no ${kind} report from trace ${traceId} reached the composer`);
}

describe("lazy hydration", () => {
  test("a product card below the fold - its module is fetched only once it is scrolled into view", async () => {
    const { page, scripts, errors, close } = await openPage();
    await page.goto(`${storefront.url}/`);
    await hydrated(page);
    // the header's mini-cart is visible at load: hydrated; the cards further down are not loaded yet
    expect(await page.evaluate(() => Boolean(customElements.get("checkout-mini-cart")))).toBe(true);
    expect(scripts.some((s) => s.startsWith("/_assets/catalog/"))).toBe(false);
    expect(await page.evaluate(() => Boolean(customElements.get("catalog-product-card")))).toBe(false);
    await page.locator("catalog-product-card").first().scrollIntoViewIfNeeded();
    await page.waitForSelector("catalog-product-card:defined");
    expect(scripts.some((s) => s.startsWith("/_assets/catalog/__federation_expose_product_card"))).toBe(true);
    expect(errors).toEqual([]);
    await close();
  });

  test("a click on a component not loaded yet - loads it, and the click does what it says", async () => {
    const { page, errors, close } = await openPage();
    await page.goto(`${storefront.url}/`);
    await hydrated(page);
    const card = page.locator("catalog-product-card").last();
    expect(await page.evaluate(() => Boolean(customElements.get("catalog-product-card")))).toBe(false);
    await card.getByRole("button", { name: /wishlist/ }).click();
    await card.locator('button[aria-pressed="true"]').waitFor();
    await expect(card.getByRole("button", { name: /wishlist/ }).textContent()).resolves.toContain(
      "Saved to wishlist",
    );
    // hydrated, not rendered a second time: the card's two buttons (wishlist, quick view), once each
    expect(await card.evaluate((el) => el.shadowRoot?.querySelectorAll("button").length)).toBe(2);
    expect(errors).toEqual([]);
    await close();
  });

  test("every component loaded - lit registered once and fetched in one file (the shell's)", async () => {
    const { page, close } = await openPage();
    const bodies: Promise<{ path: string; body: Buffer }>[] = [];
    page.on("response", (response) => {
      if (response.request().resourceType() !== "script") return;
      const path = new URL(response.url()).pathname;
      bodies.push(
        response.body().then(
          (body) => ({ path, body }),
          () => ({ path, body: Buffer.alloc(0) }),
        ),
      );
    });
    await page.goto(`${storefront.url}/`);
    await hydrated(page);
    await page.locator("catalog-product-card").last().scrollIntoViewIfNeeded();
    await page.waitForSelector("catalog-product-card:defined");
    await page.waitForLoadState("networkidle");
    const versions = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown[] | undefined>;
      return [w.litHtmlVersions?.length, w.reactiveElementVersions?.length, w.litElementVersions?.length];
    });
    expect(versions).toEqual([1, 1, 1]);
    const litFiles = (await Promise.all(bodies)).filter((r) => r.body.includes("litHtmlVersions"));
    expect(litFiles.map((r) => r.path)).toEqual(["/_shell/shell.js"]);
    await close();
  });
});

describe("client-only regions", () => {
  test("the mini-cart popover - loaded only when opened, lists the cart's lines, Escape closes it", async () => {
    const { page, scripts, errors, close } = await openPage();
    await page.goto(`${storefront.url}${PRODUCT_PAGE}`);
    await hydrated(page);
    await page.getByRole("button", { name: "Add to cart" }).click();
    const miniCart = page.getByRole("link", { name: /^Cart, 1 item/ });
    await miniCart.waitFor();
    expect(scripts.some((s) => s.includes("mini_cart_popover"))).toBe(false);
    await miniCart.click();
    const dialog = page.getByRole("dialog", { name: "Your cart" });
    await dialog.waitFor();
    await dialog.locator(`li[data-sku="${PRODUCT_SKU}"]`).waitFor();
    await expect(dialog.locator("li").first().textContent()).resolves.toContain("1 ×");
    expect(scripts.some((s) => s.includes("mini_cart_popover"))).toBe(true);
    expect(new URL(page.url()).pathname).toStartWith("/product/");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    // focus is back on the mini-cart's link
    expect(
      await page.evaluate(() => {
        let active = document.activeElement;
        while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
        return active?.getAttribute("href");
      }),
    ).toBe("/checkout/cart");
    expect(errors).toEqual([]);
    await close();
  });

  test("the quick view - opened from a product card, shows the product, adds it to the cart with checkout's component, the mini-cart counts it", async () => {
    const { page, scripts, errors, close } = await openPage();
    await page.goto(`${storefront.url}/`);
    await hydrated(page);
    expect(scripts.some((s) => s.includes("quick_view"))).toBe(false);
    const card = page.locator("catalog-product-card").first();
    const sku = (await card.getAttribute("sku")) as string;
    await card.scrollIntoViewIfNeeded();
    await page.waitForSelector("catalog-product-card:defined");
    const opener = card.getByRole("button", { name: "Quick view" });
    await opener.click();
    const dialog = page.getByRole("dialog");
    await dialog.waitFor();
    expect(scripts.some((s) => s.includes("quick_view"))).toBe(true);
    // the heading says "Quick view" until the product has loaded, then names it
    await dialog
      .getByRole("heading")
      .filter({ hasText: (await card.getAttribute("name")) as string })
      .waitFor();
    // checkout's own add-to-cart, rendered in the browser: it posts with the page's CSRF token
    await dialog.getByRole("button", { name: "Add to cart" }).click();
    await dialog.getByText("Added to your cart.").waitFor();
    await page.getByRole("link", { name: /^Cart, 1 item/ }).waitFor();
    const cart = await page.evaluate(async () => (await fetch("/api/checkout/cart")).json());
    expect((cart as { lines: { sku: string }[] }).lines.map((l) => l.sku)).toEqual([sku]);
    // keyboard: Escape closes it, and focus returns to the card's Quick view button
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    expect(
      await page.evaluate(() => {
        let active = document.activeElement;
        while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
        return active?.textContent?.trim();
      }),
    ).toBe("Quick view");
    expect(errors).toEqual([]);
    await close();
  });

  test("the Quick view button without JavaScript - not shown (it could do nothing)", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${storefront.url}/`);
    const card = page.locator("catalog-product-card").first();
    await expect(card.getByRole("button", { name: /wishlist/ }).isVisible()).resolves.toBe(true);
    await expect(card.getByRole("button", { name: "Quick view" }).count()).resolves.toBe(0);
    await context.close();
  });
});

describe("no waterfall", () => {
  test("a product page - the shell preloaded from the head, each remote's entry and module chunk preloaded alongside its manifest, each fetched once, no preload warning", async () => {
    const { page, errors, close } = await openPage();
    const fetched: string[] = [];
    const warnings: string[] = [];
    page.on("request", (r) => fetched.push(new URL(r.url()).pathname));
    page.on("console", (m) => {
      if (m.type() === "warning") warnings.push(m.text());
    });
    await page.goto(`${storefront.url}${PRODUCT_PAGE}`);
    await hydrated(page);
    const preloads = await page.evaluate(() =>
      [...document.head.querySelectorAll("link[rel=preload], link[rel=modulepreload]")].map(
        (l) => `${l.getAttribute("rel")} ${new URL((l as HTMLLinkElement).href).pathname}`,
      ),
    );
    expect(preloads).toContain("modulepreload /_shell/shell.js");
    expect(preloads).toContain("preload /_assets/checkout/remoteEntry.js");
    const chunk = preloads.find((p) =>
      p.startsWith("preload /_assets/checkout/__federation_expose_mini_cart."),
    );
    expect(chunk).toBeDefined();
    await page.waitForLoadState("networkidle");
    // let Chromium's "preloaded but not used" check (a few seconds after load) run
    await Bun.sleep(3500);
    const once = [
      "/_shell/shell.js",
      "/_assets/checkout/mf-manifest.json",
      "/_assets/checkout/remoteEntry.js",
    ];
    once.push((chunk as string).slice("preload ".length));
    for (const file of once) expect(`${file} ${fetched.filter((p) => p === file).length}`).toBe(`${file} 1`);
    expect(warnings.filter((w) => /preload/i.test(w))).toEqual([]);
    expect(errors).toEqual([]);
    await close();
  });
});

/** Ways a remote's entry script can fail, as a route handler serving it. */
const BROKEN: Record<string, (route: Route) => Promise<void>> = {
  "404": (route) => route.fulfill({ status: 404, contentType: "text/plain", body: "not found" }),
  "500": (route) => route.fulfill({ status: 500, contentType: "text/plain", body: "boom" }),
  "a script that throws": (route) =>
    route.fulfill({
      status: 200,
      contentType: "text/javascript",
      body: 'throw new Error("remote exploded")',
    }),
  "an integrity mismatch": async (route) => {
    const original = await route.fetch();
    const tampered = `${await original.text()}\n;window.tampered = true;`;
    await route.fulfill({ response: original, body: tampered });
  },
};

describe("a remote that fails to load", () => {
  for (const [how, serve] of Object.entries(BROKEN)) {
    test(`checkout's remoteEntry.js, ${how} - the server HTML stays usable (the form posts), the failure is reported with the trace id`, async () => {
      const { page, errors, close } = await openPage();
      await page.route("**/_assets/checkout/remoteEntry.js", serve);
      await page.goto(`${storefront.url}${PRODUCT_PAGE}`);
      const traceId = await traceIdOf(page);
      await hydrated(page);
      expect(await page.evaluate(() => Boolean(customElements.get("checkout-add-to-cart")))).toBe(false);
      const report = await reportFor(traceId, "remote-load");
      expect(report.page).toBe(PRODUCT_PAGE);
      expect(String(report.module)).toStartWith("checkout/");
      expect(report.releases).toHaveProperty("shell");
      if (how === "an integrity mismatch")
        expect(await page.evaluate(() => (window as { tampered?: boolean }).tampered)).toBeUndefined();
      // the add-to-cart form still posts, without its component
      await page.getByRole("button", { name: "Add to cart" }).click();
      await page.waitForURL(/\/checkout\/cart/);
      await hydrated(page);
      await expect(page.locator("main").textContent()).resolves.toContain(PRODUCT_SKU);
      expect(errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
      await close();
    });
  }
});
