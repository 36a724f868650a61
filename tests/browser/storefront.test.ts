/**
 * The composed storefront in a real browser (Debian's Chromium): server-rendered without
 * JavaScript, hydrated with it, one lit on the page, and the page's trace in every log line.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { memoryDestination } from "@tessera/chassis/log";
import type { Browser } from "playwright-core";
import type { Embedded } from "../../scripts/embedded.ts";
import { startStorefrontInBrowser } from "./support.ts";

const logs = memoryDestination();
let storefront: Embedded;
let browser: Browser;
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ storefront, browser, stop } = await startStorefrontInBrowser({
    name: "browser",
    // no fragment cache: the last test counts the catalog's own log lines for each page view
    env: { ...process.env, LOG_LEVEL: "info", FRAGMENT_CACHE_ENTRIES: "0" },
    logDestination: logs,
  }));
}, 60_000);

afterAll(() => stop?.());

setDefaultTimeout(30_000);

describe("the home page in Chromium", () => {
  test("JavaScript disabled - shows the server-rendered products with their prices", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${storefront.url}/`);
    const card = page.locator('catalog-product-card[sku="CL-01-GR"]');
    await expect(
      card.getByRole("heading", { name: "Heritage Workhorse — Meadow Green" }).isVisible(),
    ).resolves.toBe(true);
    await expect(card.getByText("€58,900.00").isVisible()).resolves.toBe(true);
    expect(await page.locator("html").getAttribute("data-tessera-hydrated")).toBeNull();
    await context.close();
  });

  test("JavaScript enabled - the cards hydrate (same nodes, not re-rendered) and a click works", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(e.message));
    // Hold the shell back until the server-rendered button is marked, to prove hydration keeps it.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route("**/_shell/shell.js", async (route) => {
      await held;
      await route.continue();
    });
    // "commit": the module script is held, so DOMContentLoaded cannot fire yet
    await page.goto(`${storefront.url}/`, { waitUntil: "commit" });
    const card = page.locator('catalog-product-card[sku="AU-01-SI"]');
    await card.locator("button[aria-pressed]").waitFor();
    await card.evaluate((el) => el.shadowRoot?.querySelector("button")?.setAttribute("data-server-node", ""));
    release();
    await page.waitForSelector("html[data-tessera-hydrated=true]", { timeout: 15_000 });
    // components load when they come into view: bring the card there, and wait for its module
    await card.scrollIntoViewIfNeeded();
    await page.waitForSelector('catalog-product-card[sku="AU-01-SI"]:defined', { timeout: 15_000 });
    expect(
      await card.evaluate((el) => el.shadowRoot?.querySelector("button")?.hasAttribute("data-server-node")),
    ).toBe(true);
    // wishlist and quick view, each once (not rendered a second time)
    expect(await card.evaluate((el) => el.shadowRoot?.querySelectorAll("button").length)).toBe(2);
    await page.evaluate(() => {
      (window as unknown as { toggled: unknown[] }).toggled = [];
      window.addEventListener("catalog:wishlist-toggled", (e) =>
        (window as unknown as { toggled: unknown[] }).toggled.push((e as CustomEvent).detail),
      );
    });
    // by name: the card's second button is Quick view
    const button = card.getByRole("button", { name: /wishlist/ });
    await expect(button.textContent()).resolves.toContain("Add to wishlist");
    await button.click();
    await card.locator('button[aria-pressed="true"]').waitFor();
    await expect(button.getAttribute("aria-pressed")).resolves.toBe("true");
    await expect(button.textContent()).resolves.toContain("Saved to wishlist");
    expect(await page.evaluate(() => (window as unknown as { toggled: unknown[] }).toggled)).toEqual([
      { sku: "AU-01-SI", saved: true },
    ]);
    // wishlist and quick view, each once (not rendered a second time)
    expect(await card.evaluate((el) => el.shadowRoot?.querySelectorAll("button").length)).toBe(2);
    const versions = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown[] | undefined>;
      return [w.litHtmlVersions?.length, w.reactiveElementVersions?.length, w.litElementVersions?.length];
    });
    expect(versions).toEqual([1, 1, 1]);
    expect(errors).toEqual([]);
    await context.close();
  });

  test("a page view - its trace id is in the composer's and the catalog's log lines", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${storefront.url}/`);
    const traceId = (await page.locator('meta[name="trace-id"]').getAttribute("content")) as string;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    const lines = logs.lines.filter((l) => l.trace_id === traceId);
    expect(lines.some((l) => l.service === "composer" && l.route === "/")).toBe(true);
    expect(
      lines.filter((l) => l.service === "catalog" && l.route === "/fragments/product-card"),
    ).toHaveLength(3);
    await context.close();
  });
});
