/**
 * Deferred fragments in Chromium: with JavaScript off the late content is visible (at the end of
 * the page); with it on, the composer's nonce'd inline script moves it into its placeholder —
 * and the page's Content-Security-Policy blocks any inline script without the nonce.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { createMemoryRegistry } from "@tessera/chassis/registry";
import { createComposer } from "@tessera/composer/app";
import type { Browser } from "playwright-core";
import { type FakeInstance, fakeInstance, manifestOf } from "../../composer/testing/fake-service.ts";
import { launchChromium } from "./support.ts";

const TEMPLATE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Deferred</title></head><body>
<h1>Top of the page</h1>
<section id="slot"><tessera-fragment service="team" name="recommendations" tier="deferred"><p>Loading recommendations…</p></tessera-fragment></section>
<p id="below">Below the deferred fragment</p>
<script>window.unsafeInline = true</script>
</body></html>`;

let browser: Browser;
let team: FakeInstance;
let composer: Awaited<ReturnType<typeof createComposer>>;
let server: ReturnType<typeof Bun.serve>;

beforeAll(async () => {
  const registry = createMemoryRegistry();
  team = await fakeInstance(registry, "team", async (request) => {
    if (new URL(request.url).pathname === "/fragments/manifest.json")
      return Response.json(manifestOf("team", { recommendations: "/fragments/recommendations" }));
    await Bun.sleep(100);
    return new Response('<ul id="recs"><li><a href="/product/CL-01">Heritage Workhorse</a></li></ul>', {
      headers: { "content-type": "text/html" },
    });
  });
  composer = await createComposer({
    registry,
    templates: { "/": TEMPLATE },
    env: { LOG_LEVEL: "silent" },
    shellDist: "/nonexistent",
  });
  server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: composer.app.fetch });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  server?.stop(true);
  await composer?.close();
  await team?.stop();
});

setDefaultTimeout(30_000);

describe("a deferred fragment in Chromium", () => {
  test("JavaScript disabled - the content is visible and its link usable, at the end of the page", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${server.port}/`);
    const link = page.getByRole("link", { name: "Heritage Workhorse" });
    expect(await link.isVisible()).toBe(true);
    expect(await link.getAttribute("href")).toBe("/product/CL-01");
    expect(await page.locator("[data-tessera-deferred-content] #recs").count()).toBe(1);
    await context.close();
  });

  test("JavaScript enabled - the nonce'd script moves the content into its placeholder; an inline script without the nonce is blocked", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(`http://127.0.0.1:${server.port}/`);
    expect(response?.headers()["content-security-policy"]).toMatch(
      /^script-src 'nonce-[A-Za-z0-9+/=]+' 'self'/,
    );
    expect(await page.locator("#slot #recs").count()).toBe(1);
    expect(await page.locator("#slot").textContent()).not.toContain("Loading recommendations");
    expect(await page.locator("[data-tessera-deferred-content]").count()).toBe(0);
    expect(await page.getByRole("link", { name: "Heritage Workhorse" }).isVisible()).toBe(true);
    expect(
      await page.evaluate(() => (window as unknown as { unsafeInline?: boolean }).unsafeInline),
    ).toBeUndefined();
    await context.close();
  });
});
