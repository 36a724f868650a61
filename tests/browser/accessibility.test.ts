/**
 * Accessibility of the composed storefront in Chromium: axe-core's WCAG 2.1 A and AA rules on every
 * main page, at a desktop and a phone viewport, hydrated (JavaScript on) and server-rendered only
 * (JavaScript off); and the keyboard reaching the product page's add-to-cart button with a visible
 * focus ring.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Browser, Page } from "playwright-core";
import type { Embedded } from "../../scripts/embedded.ts";
import { formatViolations, runAxe } from "./axe.ts";
import { MAIN_PAGES, type MainPage, VIEWPORTS, type ViewportName } from "./pages.ts";
import { startStorefrontInBrowser } from "./support.ts";

setDefaultTimeout(60_000);
let storefront: Embedded;
let browser: Browser;
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ storefront, browser, stop } = await startStorefrontInBrowser({ name: "a11y" }));
}, 90_000);

afterAll(() => stop?.());

/**
 * Opens `main` in a fresh context (its state prepared there); hydrated when JavaScript is on.
 *
 * "JavaScript off" refuses every script the page asks for instead of disabling JavaScript in the
 * context: Chromium runs no timers in a page with scripts disabled, not even for Playwright's
 * evaluations, and axe needs them (`axe.run` never settles there). The page has no `<noscript>`
 * and no inline script but data, so what axe sees is exactly the server-rendered page a shopper
 * without JavaScript gets; the test checks that no component was defined.
 */
async function open(main: MainPage, viewport: ViewportName, js: boolean): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORTS[viewport] });
  await main.prepare?.(context.request, storefront.url);
  const page = await context.newPage();
  if (!js)
    await page.route("**/*", (route) =>
      route.request().resourceType() === "script" ? route.abort("blockedbyclient") : route.continue(),
    );
  const response = await page.goto(`${storefront.url}${main.path}`);
  expect(response?.status()).toBe(200);
  if (js) await page.waitForSelector("html[data-tessera-hydrated=true]", { timeout: 15_000 });
  else {
    await page.waitForLoadState("load");
    const defined = await page.evaluate(() =>
      [...new Set([...document.querySelectorAll("*")].map((e) => e.localName))].filter((t) =>
        customElements.get(t),
      ),
    );
    expect(defined).toEqual([]);
  }
  return page;
}

async function expectNoViolations(main: MainPage, viewport: ViewportName, js: boolean): Promise<void> {
  const page = await open(main, viewport, js);
  try {
    // the failure message lists every violation: rule id, impact, help, and each node's target
    expect(formatViolations(await runAxe(page))).toBe("");
  } finally {
    await page.context().close();
  }
}

for (const viewport of Object.keys(VIEWPORTS) as ViewportName[]) {
  describe(`axe WCAG 2.1 AA, ${viewport}, JavaScript on`, () => {
    for (const main of MAIN_PAGES) {
      test(`${main.name} (${main.path}) - hydrated - no violations`, () =>
        expectNoViolations(main, viewport, true));
    }
  });
}

describe("axe WCAG 2.1 AA, JavaScript off", () => {
  for (const main of MAIN_PAGES.filter((p) => ["home", "product", "cart", "checkout"].includes(p.name))) {
    for (const viewport of Object.keys(VIEWPORTS) as ViewportName[]) {
      test(`${main.name} (${main.path}), ${viewport} - server-rendered only - no violations`, () =>
        expectNoViolations(main, viewport, false));
    }
  }
});

/** The element that has focus, looking through open shadow roots: its tag, text and focus styles. */
function focusedElement(page: Page) {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el) return undefined;
    const style = getComputedStyle(el);
    return {
      tag: el.tagName.toLowerCase(),
      text: (el.textContent ?? "").trim(),
      host: (el.getRootNode() as ShadowRoot).host?.tagName.toLowerCase(),
      outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
      outlineStyle: style.outlineStyle,
      outlineWidth: Number.parseFloat(style.outlineWidth),
      boxShadow: style.boxShadow,
    };
  });
}

describe("axe WCAG 2.1 AA, the phone's menu", () => {
  test("home, phone - the header's menu opened - no violations", async () => {
    const page = await open(MAIN_PAGES[0] as MainPage, "phone", true);
    try {
      await page.getByText("Menu", { exact: true }).click();
      await page.getByRole("navigation", { name: "Main menu" }).waitFor();
      expect(formatViolations(await runAxe(page))).toBe("");
    } finally {
      await page.context().close();
    }
  });
});

describe("keyboard", () => {
  test("product page - Tab reaches the add-to-cart button, which shows a focus ring", async () => {
    const product = MAIN_PAGES.find((p) => p.name === "product") as MainPage;
    const page = await open(product, "desktop", true);
    try {
      const visited: string[] = [];
      let focused: Awaited<ReturnType<typeof focusedElement>>;
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press("Tab");
        focused = await focusedElement(page);
        visited.push(
          `${focused?.host ? `${focused.host} > ` : ""}${focused?.tag} "${focused?.text.slice(0, 30)}"`,
        );
        if (focused?.tag === "button" && focused.text === "Add to cart") break;
      }
      expect({ reached: focused?.text === "Add to cart", host: focused?.host }).toEqual({
        reached: true,
        host: "checkout-add-to-cart",
      });
      const ring =
        (focused?.outlineStyle !== "none" && (focused?.outlineWidth ?? 0) > 0) ||
        focused?.boxShadow !== "none";
      expect({ ring, outline: focused?.outline, boxShadow: focused?.boxShadow }).toMatchObject({
        ring: true,
      });
      // what came before it, for the record: a short tab order means the header does not trap the keyboard
      expect(visited.length).toBeLessThan(80);
    } finally {
      await page.context().close();
    }
  });
});
