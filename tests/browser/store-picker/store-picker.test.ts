/**
 * Browser tier for `<explore-store-picker>` in Debian's Chromium (playwright-core): the radios
 * submit with the surrounding form with JavaScript off, and with JavaScript on the hydrated
 * element dispatches `explore:store-selected`.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { STORE_SELECTED } from "@tessera/contracts/dom-events";
import type { Browser } from "playwright-core";
import { renderStorePicker } from "../../../fragments/explore/src/store-picker-view";
import { launchChromium } from "../support.ts";

const stores = ["Hamburg", "Munich", "Berlin"].map((city) => ({
  id: `store-${city.toLowerCase()}`,
  name: `Tessera ${city}`,
  street: "Main Street 1",
  postalCode: "12345",
  city,
  country: "Germany",
  phone: "+49 1",
  hours: [{ days: "Monday – Friday", hours: "09:00 – 18:00" }],
}));

let browser: Browser;
let server: ReturnType<typeof Bun.serve>;
let script = "";
const posted: string[] = [];

beforeAll(async () => {
  const build = await Bun.build({
    entrypoints: [join(import.meta.dir, "client-entry.ts")],
    target: "browser",
    minify: true,
    define: { "process.env.NODE_ENV": '"production"' },
    conditions: ["production"],
  });
  if (!build.success) throw new Error(build.logs.join("\n"));
  script = (await build.outputs[0]?.text()) ?? "";
  const picker = await renderStorePicker({ stores });
  server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(request) {
      const url = new URL(request.url);
      if (url.pathname === "/picker.js")
        return new Response(script, { headers: { "content-type": "text/javascript" } });
      if (request.method === "POST") {
        posted.push(new URLSearchParams(await request.text()).toString());
        return new Response("ok");
      }
      return new Response(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>picker</title><script type="module" src="/picker.js"></script></head><body><form method="post" action="/order">${picker}<button>Place order</button></form></body></html>`,
        { headers: { "content-type": "text/html; charset=utf-8" } },
      );
    },
  });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  server?.stop(true);
});

describe("explore-store-picker in Chromium", () => {
  test("JavaScript off - the picked store submits with the form as storeId", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(server.url.href);
    await page.getByLabel("Tessera Berlin").check();
    await Promise.all([
      page.waitForURL("**/order"),
      page.getByRole("button", { name: "Place order" }).click(),
    ]);
    expect(posted.at(-1)).toBe("storeId=store-berlin");
    await context.close();
  }, 30_000);

  test("JavaScript off - no store picked submits no storeId (address delivery stays possible; checkout validates)", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(server.url.href);
    const before = posted.length;
    await page.getByRole("button", { name: "Place order" }).click();
    await page.waitForLoadState();
    expect(posted.length).toBe(before + 1);
    expect(posted.at(-1)).not.toContain("storeId");
    await context.close();
  }, 30_000);

  test("JavaScript on - the hydrated picker dispatches explore:store-selected with the store's id and name", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url.href);
    await page.waitForFunction(() => customElements.get("explore-store-picker") !== undefined);
    const detail = page.evaluate(
      (name) =>
        new Promise((resolve) =>
          document.addEventListener(name, (e) => resolve((e as CustomEvent).detail), { once: true }),
        ),
      STORE_SELECTED,
    );
    await page.getByLabel("Tessera Munich").check();
    expect(await detail).toEqual({ storeId: "store-munich", name: "Tessera Munich" });
    // hydrated, not rendered twice: one slot in the shadow root
    expect(
      await page.evaluate(
        () => document.querySelector("explore-store-picker")?.shadowRoot?.querySelectorAll("slot").length,
      ),
    ).toBe(1);
    await context.close();
  }, 30_000);
});
