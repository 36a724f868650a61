/**
 * Following one failed checkout on the ops pages, in Chromium against the embedded storefront:
 * a signed-in shopper's card is declined and the page says so (and the page's script error is
 * reported by the shell); then an operator signs in and finds, by the failed order's trace id,
 * the checkout service's log line, the trace's waterfall (composer → checkout → database →
 * messages → payments), the browser's exception, and the shopper's audit entries for the order
 * placed and cancelled.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { memoryDestination } from "@tessera/chassis/log";
import type { Browser, Page } from "playwright-core";
import { DEFAULT_OPERATOR_EMAIL, DEFAULT_OPERATOR_PASSWORD, type Embedded } from "../../scripts/embedded.ts";
import { stockOf } from "./journey.ts";
import { startStorefrontInBrowser } from "./support.ts";

setDefaultTimeout(120_000);
const logs = memoryDestination();
let storefront: Embedded;
let browser: Browser;
let stop: (() => Promise<void>) | undefined;
let base: string;

beforeAll(async () => {
  ({ storefront, browser, stop } = await startStorefrontInBrowser({ name: "ops", logDestination: logs }));
  base = String(storefront.url).replace(/\/$/, "");
}, 180_000);

afterAll(() => stop?.());

/** Opens `path` until `ready` holds (spans and log lines reach ops in batches, about every second). */
async function openUntil(page: Page, path: string, ready: () => Promise<boolean>, what: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    await page.goto(`${base}${path}`);
    if (await ready()) return;
    if (Date.now() > deadline) throw new Error(`${path}: ${what} did not appear within 30 s`);
    await Bun.sleep(1000);
  }
}

describe("following a failed checkout on the ops pages", () => {
  test("declined card - the operator finds the log line, the trace, the browser's error and the audit entries", async () => {
    // ── the shopper (the purchase with form posts; the page with the error again with JavaScript) ──
    const shopperContext = await browser.newContext({ javaScriptEnabled: false });
    const shop = await shopperContext.newPage();
    const email = `ops-${crypto.randomUUID().slice(0, 8)}@example.test`;
    await shop.goto(`${base}/account/register`);
    await shop.getByLabel("Name").fill("Olga Ops");
    await shop.getByLabel("Email address").fill(email);
    await shop.getByLabel("Password", { exact: true }).fill("a long enough password");
    await shop.getByLabel("Repeat the password").fill("a long enough password");
    await shop.getByRole("button", { name: "Create account" }).click();
    await shop.waitForURL(/\/account/);

    const sku = "AU-01-BL";
    // checkout knows the catalog's products (its read model, from catalog's events) from the
    // first request: the start waits for the events to be delivered
    await shop.goto(`${base}/product/TR-AU-001?sku=${sku}`);
    await shop.getByRole("button", { name: "Add to cart" }).click();
    await shop.waitForURL(/\/checkout\/cart/);
    expect(shop.url()).not.toContain("error=");
    await shop.getByRole("link", { name: "Go to checkout" }).click();
    await shop.waitForURL(/\/checkout\/checkout/);
    const { stores } = await stockOf(base, sku);
    const store = [...stores].sort((a, b) => b.available - a.available)[0]?.storeId as string;
    const { name: storeName } = await (await fetch(`${base}/api/explore/stores/${store}`)).json();
    await shop.getByLabel(new RegExp(storeName)).check();
    await shop.getByLabel(/always declined/).check();
    const placing = shop.waitForResponse(
      (r) => r.url().endsWith("/checkout/place-order") && r.request().method() === "POST",
    );
    await shop.getByRole("button", { name: /Place order/ }).click();
    const answer = await placing;
    // the form post answers with the way back to the checkout page and the declined reason
    expect(`${answer.status()} ${answer.headers().location ?? ""}`).toBe(
      "303 /checkout/checkout?error=payment-declined",
    );
    const traceresponse = answer.headers().traceresponse ?? "";
    const traceId = /^00-([0-9a-f]{32})-/.exec(traceresponse)?.[1] as string;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    await shop.waitForURL(/\/checkout\/checkout\?error=payment-declined/, { timeout: 30_000 });
    expect(
      await shop
        .getByText(/declined/i)
        .first()
        .isVisible(),
    ).toBe(true);
    // the same page with JavaScript, where a script error happens: the shell reports it to the
    // composer with the page's trace id, and the composer hands it to ops
    const scriptedContext = await browser.newContext({ storageState: await shopperContext.storageState() });
    const scripted = await scriptedContext.newPage();
    await scripted.goto(shop.url());
    await scripted.waitForLoadState("networkidle"); // the shell (and its error listener) loaded
    const pageTraceId = (await scripted.locator('meta[name="trace-id"]').getAttribute("content")) as string;
    await scripted.evaluate(() => {
      setTimeout(() => {
        throw new TypeError("checkout summary could not render the declined order");
      });
    });

    // ── the operator ──────────────────────────────────────────────────────────────────────────
    const operatorContext = await browser.newContext();
    const ops = await operatorContext.newPage();
    await ops.goto(`${base}/ops/logs`);
    expect(await ops.locator("[data-ops-page]").count()).toBe(0); // not for visitors: sign in first
    await ops.goto(`${base}/account/login`);
    await ops.getByLabel("Email address").fill(DEFAULT_OPERATOR_EMAIL);
    await ops.getByLabel("Password").fill(DEFAULT_OPERATOR_PASSWORD);
    await ops.getByRole("button", { name: "Sign in" }).click();
    await ops.waitForURL(/\/account/);

    // the service log line of the failed order, found by its trace id
    const checkoutLine = ops.locator(`[data-ops-table="logs"] tr[data-trace-id="${traceId}"]`, {
      hasText: "checkout",
    });
    await openUntil(
      ops,
      `/ops/logs?trace_id=${traceId}`,
      async () => (await checkoutLine.count()) > 0,
      "checkout's log line",
    );
    expect(await checkoutLine.first().textContent()).toContain("/checkout/place-order");

    // the trace's waterfall, from the log line's link
    await checkoutLine.first().getByRole("link", { name: traceId }).click();
    await ops.waitForURL(new RegExp(`/ops/traces/${traceId}$`));
    // every span the operator looks for: the services export theirs in batches, so the page is
    // opened again until the last of them (payments' consumer) has arrived
    const wanted = [
      /^composer/, // the page
      /checkout\s+POST \/checkout\/place-order/,
      /checkout\s+db (INSERT|SELECT|UPDATE)/, // the database
      /checkout\s+publish \S*payments\./, // the messages
      /payments\s+consume \S*payments\./, // the consumer
    ];
    const names = async () =>
      (await ops.locator("[data-span-service] summary").allTextContents()).map((n) => n.trim());
    await openUntil(
      ops,
      `/ops/traces/${traceId}`,
      async () => {
        const shown = await names();
        return wanted.every((pattern) => shown.some((n) => pattern.test(n)));
      },
      "the spans of composer, checkout (request, database, publish) and payments (consumer)",
    );
    const shown = await names();
    for (const pattern of wanted) expect(shown.some((n) => pattern.test(n))).toBe(true);
    // a span's attributes open with <details>
    const first = ops.locator("[data-span-service] details").first();
    await first.locator("summary").click();
    expect(await first.locator(".span-details").isVisible()).toBe(true);

    // the browser's error, grouped, with the page's trace id
    const browserError = ops.locator('[data-ops-table="exceptions"] tr', {
      hasText: "could not render the declined order",
    });
    await openUntil(
      ops,
      `/ops/exceptions?trace_id=${pageTraceId}`,
      async () => (await browserError.count()) > 0,
      "the browser's exception",
    );
    expect(await browserError.first().textContent()).toContain("browser");

    // the audit entries: the order placed in the failed request's trace, then cancelled
    const placed = ops.locator('[data-ops-table="audit"] tr[data-action="order.placed"]', {
      has: ops.locator(`a[href="/ops/traces/${traceId}"]`),
    });
    await openUntil(ops, "/ops/audit", async () => (await placed.count()) > 0, "the order.placed entry");
    await placed.first().locator('a[href^="/ops/audit?user="]').click();
    await ops.waitForURL(/\/ops\/audit\?user=/);
    const actions = await ops
      .locator('[data-ops-table="audit"] tr[data-action]')
      .evaluateAll((rows) => rows.map((r) => `${r.getAttribute("data-action")} ${r.textContent}`));
    expect(actions.some((a) => a.startsWith("order.cancelled") && a.includes("payment-declined"))).toBe(true);
    expect(actions.some((a) => a.startsWith("order.placed"))).toBe(true);

    await shopperContext.close();
    await scriptedContext.close();
    await operatorContext.close();
  });
});
