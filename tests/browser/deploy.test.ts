/**
 * A team deploys its fragments on its own, into the running embedded storefront (issue 6): the
 * `tessera` CLI, as a subprocess, builds and publishes a changed product card, and the next page
 * view shows it server-side and client-side, with no process restarted; rollback brings the old
 * one back; a canary at 50% splits shoppers, each keeping their version; promote moves everyone;
 * a candidate that breaks a contract is refused; the deployment log lists every step.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { join } from "node:path";
import type { LogEntry } from "@tessera/chassis/releases";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { Embedded } from "../../scripts/embedded.ts";
import { copyFragments, tessera as runTessera, startStorefrontInBrowser } from "./support.ts";

setDefaultTimeout(300_000);
const SKU = "AU-01-SI";
const OLD = { idle: "Add to wishlist", saved: "Saved to wishlist" };
const NEW = { idle: "Keep for later", saved: "Kept for later" };

let storefront: Embedded;
let browser: Browser;
let stop: (() => Promise<void>) | undefined;
let work: string;
let changed: string;
let broken: string;
let servicesBefore: string[];

/** Runs the CLI against the storefront's release state; resolves with its exit code and output. */
const tessera = (...args: string[]) => runTessera(storefront, ...args);

/** A copy of fragments/catalog whose product card has other button labels. */
const copyCatalog = (name: string, edit: (file: string, text: string) => string): Promise<string> =>
  copyFragments("catalog", join(work, name), ["src/product-card.ts", "src/server.ts"], edit);

/** The product card's button label in the server's HTML for one shopper (cookie jar of `context`). */
async function serverLabel(context: BrowserContext): Promise<string> {
  const response = await context.request.get(`${storefront.url}/`);
  const html = await response.text();
  const card = html.slice(
    html.indexOf(`<catalog-product-card`),
    html.indexOf(`</catalog-product-card>`, html.indexOf(`sku="${SKU}"`)),
  );
  const at = html.indexOf(`sku="${SKU}"`);
  const button = html.slice(at, html.indexOf("</button>", at));
  expect(card.length).toBeGreaterThan(0);
  return button.includes(NEW.idle)
    ? NEW.idle
    : button.includes(OLD.idle)
      ? OLD.idle
      : `unknown: ${button.slice(-200)}`;
}

/** Loads the home page, waits for hydration, and returns the card's label before and after a click. */
async function hydratedLabels(page: Page): Promise<{ before: string; after: string }> {
  await page.goto(`${storefront.url}/`);
  await page.waitForSelector("html[data-tessera-hydrated=true]", { timeout: 20_000 });
  // by name: the card has a second button (Quick view)
  const labels = new RegExp([OLD.idle, OLD.saved, NEW.idle, NEW.saved].join("|"));
  const button = page.locator(`catalog-product-card[sku="${SKU}"]`).getByRole("button", { name: labels });
  const before = (await button.textContent())?.trim() ?? "";
  await button.click();
  await page.waitForFunction(
    (sku) =>
      document
        .querySelector(`catalog-product-card[sku="${sku}"]`)
        ?.shadowRoot?.querySelector("button")
        ?.getAttribute("aria-pressed") === "true",
    SKU,
  );
  return { before, after: (await button.textContent())?.trim() ?? "" };
}

beforeAll(async () => {
  const started = await startStorefrontInBrowser({ name: "deploy" });
  ({ storefront, browser, stop } = started);
  work = await started.tempDir("deploy-src");
  servicesBefore = storefront.services.map((s) => s.url);
  changed = await copyCatalog("changed", (_, text) =>
    text.replaceAll(`"${OLD.idle}"`, `"${NEW.idle}"`).replaceAll(`"${OLD.saved}"`, `"${NEW.saved}"`),
  );
  broken = await copyCatalog("broken", (file, text) =>
    file === "src/server.ts" ? text.replace(`data-boundary="catalog/product-card"`, "") : text,
  );
}, 300_000);

afterAll(() => stop?.());

describe("a team deploys its fragment into the running storefront", () => {
  let deployed = "";

  test("deploy - the next page view shows the new card on the server and in the hydrated component, nothing restarted", async () => {
    const context = await browser.newContext();
    expect(await serverLabel(context)).toBe(OLD.idle);
    const { code, out } = await tessera("deploy", "catalog", "--source", changed);
    expect(out).toContain("can be deployed");
    expect(code).toBe(0);
    deployed = /published catalog (\S+)/.exec(out)?.[1] ?? "";
    expect(deployed).toMatch(/^0\.1\.0\+[0-9a-f]{10}$/);
    expect(await serverLabel(context)).toBe(NEW.idle);
    const page = await context.newPage();
    expect(await hydratedLabels(page)).toEqual({ before: NEW.idle, after: NEW.saved });
    // the same processes and ports: the embedded storefront runs in this process, nothing restarted
    expect(storefront.services.map((s) => s.url)).toEqual(servicesBefore);
    const state = (await (await fetch(`${storefront.url}/_tessera/releases`)).json()) as {
      teams: Record<string, { active: string }>;
    };
    expect(state.teams.catalog?.active).toBe(deployed);
    await context.close();
  });

  test("rollback - the old card is back on the next page view, server and client", async () => {
    const { code, out } = await tessera("rollback", "catalog");
    expect(out).toContain("the storefront uses it");
    expect(code).toBe(0);
    const context = await browser.newContext();
    expect(await serverLabel(context)).toBe(OLD.idle);
    expect(await hydratedLabels(await context.newPage())).toEqual({ before: OLD.idle, after: OLD.saved });
    await context.close();
  });

  test("canary at 50% - shoppers split between the versions, each keeps theirs across reloads", async () => {
    const { code, out } = await tessera("deploy", "catalog", "--source", changed, "--canary", "50");
    expect(out).toContain("already published");
    expect(code).toBe(0);
    const contexts = await Promise.all(Array.from({ length: 20 }, () => browser.newContext()));
    const first: string[] = [];
    for (const context of contexts) first.push(await serverLabel(context));
    expect(new Set(first)).toEqual(new Set([OLD.idle, NEW.idle]));
    for (const [i, context] of contexts.entries())
      expect(await serverLabel(context)).toBe(first[i] as string);
    // the client code matches the server HTML for a shopper of each version
    for (const label of [OLD.idle, NEW.idle]) {
      const context = contexts[first.indexOf(label)] as BrowserContext;
      const labels = await hydratedLabels(await context.newPage());
      expect(labels).toEqual(
        label === NEW.idle ? { before: NEW.idle, after: NEW.saved } : { before: OLD.idle, after: OLD.saved },
      );
    }
    const promoted = await tessera("promote", "catalog");
    expect(promoted.code).toBe(0);
    for (const context of contexts) expect(await serverLabel(context)).toBe(NEW.idle);
    await Promise.all(contexts.map((c) => c.close()));
  });

  test("a candidate that breaks a contract - refused, the storefront keeps its version, the log says why", async () => {
    const { code, out } = await tessera("deploy", "catalog", "--source", broken);
    expect(code).toBe(1);
    expect(out).toContain("cannot be deployed");
    const context = await browser.newContext();
    expect(await serverLabel(context)).toBe(NEW.idle);
    await context.close();
  });

  test("the deployment log - every step, who and what, newest first", async () => {
    const { code, out } = await tessera("log", "catalog", "--json");
    expect(code).toBe(0);
    const entries = out
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as LogEntry);
    expect(entries.map((e) => `${e.action}:${e.result}`)).toEqual([
      "deploy:refused",
      "promote:ok",
      "canary:ok",
      "rollback:ok",
      "deploy:ok",
    ]);
    for (const entry of entries) expect(entry).toMatchObject({ by: "browser-test", team: "catalog" });
    expect(entries[4]).toMatchObject({ version: deployed, from: "built-in" });
    expect(entries[3]).toMatchObject({ version: "built-in", from: deployed });
    expect(entries[2]).toMatchObject({ version: deployed, from: "built-in" });
    expect(entries[1]).toMatchObject({ version: deployed, from: "built-in" });
    expect(entries[0]?.reason).toContain("explore → catalog fragment catalog/product-card: failed");
  });
});
