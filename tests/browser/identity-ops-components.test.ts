/**
 * identity's and ops' Lit components in the running embedded storefront (issue 6): the sign-in
 * and registration pages' `<identity-password-field>` (show/hide toggle, live length count) works
 * once the shell hydrates it, and the form posts without JavaScript exactly as before; the ops
 * health page's `<ops-auto-refresh>` hydrates, refreshes its part on demand and on a timer, pauses
 * while the tab is hidden, and is a plain "Refresh" link without JavaScript. Then each team deploys
 * a changed copy of its fragments with the `tessera` CLI: the next page view shows it server-side
 * and in the hydrated component, nothing restarted; rollback brings the old one back.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { DEFAULT_OPERATOR_EMAIL, DEFAULT_OPERATOR_PASSWORD, type Embedded } from "../../scripts/embedded.ts";
import { copyFragments, tessera as runTessera, startStorefrontInBrowser } from "./support.ts";

setDefaultTimeout(300_000);
let storefront: Embedded;
let browser: Browser;
let stop: (() => Promise<void>) | undefined;
let work: string;
let base: string;
let servicesBefore: string[];

/** The changed copies deployed below: what their pages say instead. */
const IDENTITY = {
  old: { submit: "Sign in", toggle: "Show the password" },
  new: { submit: "Sign in now", toggle: "Reveal the password" },
};
const OPS = {
  old: { link: "Refresh", toggle: "Auto-refresh every 5 s" },
  new: { link: "Reload", toggle: "Keep fresh every 5 s" },
};
let changedIdentity: string;
let changedOps: string;

const tessera = (...args: string[]) => runTessera(storefront, ...args);

beforeAll(async () => {
  const started = await startStorefrontInBrowser({ name: "id-ops" });
  ({ storefront, browser, stop } = started);
  work = await started.tempDir("id-ops-src");
  base = String(storefront.url).replace(/\/$/, "");
  servicesBefore = storefront.services.map((s) => s.url);
  // the submit button is server HTML; the toggle's text is rendered by the component once hydrated
  changedIdentity = await copyFragments(
    "identity",
    join(work, "changed"),
    ["src/login-page.ts", "src/password-field.ts"],
    (file, text) =>
      file === "src/login-page.ts"
        ? text.replace(">Sign in</button>", `>${IDENTITY.new.submit}</button>`)
        : // biome-ignore lint/suspicious/noTemplateCurlyInString: Lit template source being rewritten
          text.replace("${this.toggleLabel}", '${this.toggleLabel.replace("Show", "Reveal")}'),
  );
  // the Refresh link is in the server-rendered shadow root; the toggle only in the hydrated one
  changedOps = await copyFragments("ops", join(work, "changed"), ["src/auto-refresh.ts"], (_, text) =>
    text.replace(">Refresh</a>", `>${OPS.new.link}</a>`).replace("Auto-refresh every", "Keep fresh every"),
  );
}, 300_000);

afterAll(() => stop?.());

/** Opens `path` and waits until the shell has hydrated every component visible at load. */
async function openHydrated(page: Page, path: string): Promise<void> {
  await page.goto(`${base}${path}`);
  await page.waitForSelector("html[data-tessera-hydrated=true]", { timeout: 30_000 });
}

/** Signs in through the form (with or without JavaScript) and waits for the account page. */
async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${base}/account/login`);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: /^Sign in/ }).click();
  await page.waitForURL(`${base}/account`);
}

/** A browser context whose shopper is the operator (signed in without JavaScript). */
async function operatorContext(javaScriptEnabled = true): Promise<BrowserContext> {
  const context = await browser.newContext({ javaScriptEnabled });
  await signIn(await context.newPage(), DEFAULT_OPERATOR_EMAIL, DEFAULT_OPERATOR_PASSWORD);
  return context;
}

/** How many copies of lit's parts the page evaluated (one each: the shell's, shared with the remotes). */
const litCopies = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as Record<string, unknown[] | undefined>;
    return [w.litHtmlVersions?.length, w.reactiveElementVersions?.length, w.litElementVersions?.length];
  });

/** Content-Security-Policy violations the page reports. */
function cspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) seen.push(m.text());
  });
  return seen;
}

describe("identity: <identity-password-field>", () => {
  test("sign-in, hydrated - the toggle shows and hides the password, and the form still signs in", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations = cspViolations(page);
    await openHydrated(page, "/account/login");
    const password = page.getByLabel("Password", { exact: true });
    const toggle = page.getByRole("button", { name: IDENTITY.old.toggle });
    expect(await toggle.getAttribute("aria-pressed")).toBe("false");
    await page.getByLabel("Email address").fill(DEFAULT_OPERATOR_EMAIL);
    await password.fill(DEFAULT_OPERATOR_PASSWORD);
    expect(await password.getAttribute("type")).toBe("password");
    await toggle.click();
    expect(await toggle.getAttribute("aria-pressed")).toBe("true");
    expect(await password.getAttribute("type")).toBe("text");
    expect(await password.inputValue()).toBe(DEFAULT_OPERATOR_PASSWORD);
    expect(await litCopies(page)).toEqual([1, 1, 1]);
    await toggle.click();
    expect(await password.getAttribute("type")).toBe("password");
    // a key pressed with Caps Lock on warns; one without clears the warning
    const capsLock = (on: boolean) =>
      password.evaluate((input, on) => {
        const init = { key: "a", bubbles: true, modifierCapsLock: on } as KeyboardEventInit;
        input.dispatchEvent(new KeyboardEvent("keyup", init));
      }, on);
    const field = page.locator("identity-password-field");
    await capsLock(true);
    await page.waitForFunction(() =>
      document
        .querySelector("identity-password-field")
        ?.shadowRoot?.textContent?.includes("Caps Lock is on."),
    );
    expect(await field.getByRole("status").textContent()).toBe("Caps Lock is on.");
    await capsLock(false);
    await page.waitForFunction(
      () =>
        !document.querySelector("identity-password-field")?.shadowRoot?.textContent?.includes("Caps Lock"),
    );
    // shown again, then submitted: it leaves as a password field, and signs in
    await toggle.click();
    await page.getByRole("button", { name: IDENTITY.old.submit, exact: true }).click();
    await page.waitForURL(`${base}/account`);
    expect(await page.getByRole("heading", { name: "Your account" }).isVisible()).toBe(true);
    expect(violations).toEqual([]);
    await context.close();
  });

  test("registration, hydrated - the live count says how many characters are missing, then that it is enough", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await openHydrated(page, "/account/register");
    const count = page.locator("identity-password-field[minlength]").getByRole("status").first();
    const password = page.getByLabel("Password", { exact: true });
    await password.pressSequentially("abc");
    await page.waitForFunction(() =>
      document
        .querySelector("identity-password-field[minlength]")
        ?.shadowRoot?.textContent?.includes("7 more characters needed."),
    );
    await password.pressSequentially("defghijk");
    await page.waitForFunction(() =>
      document
        .querySelector("identity-password-field[minlength]")
        ?.shadowRoot?.textContent?.includes("Long enough: 11"),
    );
    expect(await count.textContent()).toContain("Long enough: 11 characters.");
    // two toggles, each named for its field
    expect(await page.getByRole("button", { name: "Show the repeated password" }).count()).toBe(1);
    await context.close();
  });

  test("without JavaScript - no toggle, the inputs post with the form: registering and signing in work as before", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/account/register`);
    expect(await page.getByRole("button", { name: /Show the/ }).count()).toBe(0);
    const email = `pw-${crypto.randomUUID().slice(0, 8)}@example.test`;
    const secret = "a long enough password for the test";
    await page.getByLabel("Name").fill("Paula Plain");
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Password", { exact: true }).fill(secret);
    await page.getByLabel("Repeat the password").fill(secret);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(`${base}/account`);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((url) => url.pathname !== "/account");
    await signIn(page, email, secret);
    expect(await page.getByText(email).isVisible()).toBe(true);
    await context.close();
  });
});

describe("ops: <ops-auto-refresh> on the health page", () => {
  test("hydrated - Refresh now swaps in a fresh copy of the part; auto-refresh fetches on a timer and pauses while hidden", async () => {
    const context = await operatorContext();
    const page = await context.newPage();
    const violations = cspViolations(page);
    await openHydrated(page, "/ops/health");
    const region = page.locator("ops-auto-refresh");
    const status = region.getByRole("status");
    // by its start: the name says the interval, which the test shortens
    const toggle = page.getByRole("button", { name: /^Auto-refresh every/ });
    expect(await toggle.textContent()).toContain(OPS.old.toggle);
    expect(await toggle.getAttribute("aria-pressed")).toBe("false");
    expect(await region.getByRole("link", { name: "Refresh" }).count()).toBe(0);
    // mark the current content: a refresh replaces it with the fetched page's
    await page.evaluate(() => {
      const heading = document.querySelector("ops-auto-refresh h2") as HTMLElement;
      heading.dataset.before = "yes";
    });
    let fetched = 0;
    page.on("request", (r) => {
      if (r.url() === `${base}/ops/health` && r.resourceType() === "fetch") fetched++;
    });
    await page.getByRole("button", { name: "Refresh now" }).click();
    await page.waitForFunction(() => {
      const heading = document.querySelector("ops-auto-refresh h2") as HTMLElement | null;
      return heading !== null && heading.dataset.before === undefined;
    });
    expect(await status.textContent()).toMatch(/Updated at \d\d:\d\d:\d\d/);
    expect(await region.locator("h2").allTextContents()).toEqual([
      "Instances",
      "Circuit breakers (composer)",
      "Deployments",
    ]);
    expect(fetched).toBe(1);
    expect(await litCopies(page)).toEqual([1, 1, 1]);
    // on, every second (the interval is the element's property): it keeps fetching
    await toggle.click();
    expect(await toggle.getAttribute("aria-pressed")).toBe("true");
    await page.evaluate(() => {
      (document.querySelector("ops-auto-refresh") as HTMLElement & { interval: number }).interval = 1;
    });
    const deadline = Date.now() + 20_000;
    while (fetched < 3 && Date.now() < deadline) await Bun.sleep(200);
    expect(fetched).toBeGreaterThanOrEqual(3);
    // hidden: no fetch until visible again
    await page.evaluate(() => {
      Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true });
      document.dispatchEvent(new Event("visibilitychange"));
    });
    await page.waitForFunction(() =>
      document
        .querySelector("ops-auto-refresh")
        ?.shadowRoot?.textContent?.includes("Paused while the tab is hidden."),
    );
    await Bun.sleep(300); // a fetch already under way may still land
    const whileHidden = fetched;
    await Bun.sleep(2_500);
    expect(fetched).toBe(whileHidden);
    await page.evaluate(() => {
      Object.defineProperty(document, "visibilityState", { value: "visible", configurable: true });
      document.dispatchEvent(new Event("visibilitychange"));
    });
    const again = Date.now() + 20_000;
    while (fetched <= whileHidden && Date.now() < again) await Bun.sleep(200);
    expect(fetched).toBeGreaterThan(whileHidden);
    // off: it stops
    await toggle.click();
    expect(await toggle.getAttribute("aria-pressed")).toBe("false");
    await Bun.sleep(300);
    const whenOff = fetched;
    await Bun.sleep(2_500);
    expect(fetched).toBe(whenOff);
    expect(violations).toEqual([]);
    await context.close();
  });

  test("without JavaScript - a Refresh link to the page, the tables as before", async () => {
    const context = await operatorContext(false);
    const page = await context.newPage();
    await page.goto(`${base}/ops/health`);
    const link = page.locator("ops-auto-refresh").getByRole("link", { name: "Refresh" });
    expect(await link.getAttribute("href")).toBe("/ops/health");
    expect(await page.getByRole("button", { name: /Auto-refresh/ }).count()).toBe(0);
    expect(await page.locator('ops-auto-refresh table[data-ops-table="instances"]').count()).toBe(1);
    await context.close();
  });
});

/** The login page's submit label in the server's HTML, for the shopper of `context`. */
async function serverSubmitLabel(context: BrowserContext): Promise<string> {
  const html = await (await context.request.get(`${base}/account/login`)).text();
  return /<button type="submit">([^<]*)<\/button>/.exec(html)?.[1] ?? "(none)";
}

/** The hydrated login page's submit label and toggle text. */
async function hydratedLogin(page: Page): Promise<{ submit: string; toggle: string }> {
  await openHydrated(page, "/account/login");
  const toggle = page.locator("identity-password-field").getByRole("button");
  return {
    submit: (
      (await page.locator('form[action="/account/login"] button[type=submit]').textContent()) ?? ""
    ).trim(),
    toggle: ((await toggle.textContent()) ?? "").trim(),
  };
}

/** The health page's Refresh link in the server's HTML (its declarative shadow root), for the operator. */
async function serverRefreshLink(context: BrowserContext): Promise<string> {
  const html = await (await context.request.get(`${base}/ops/health`)).text();
  const region = html.slice(html.indexOf("<ops-auto-refresh"));
  return /<a href="\/ops\/health">([^<]*)<\/a>/.exec(region)?.[1] ?? "(none)";
}

async function hydratedOpsToggle(page: Page): Promise<string> {
  await openHydrated(page, "/ops/health");
  return (
    (await page
      .locator("ops-auto-refresh")
      .getByRole("button", { name: /every 5 s/ })
      .textContent()) ?? ""
  ).trim();
}

describe("identity and ops deploy their fragments into the running storefront", () => {
  test("deploy identity - the next login page shows the new submit label (server) and toggle text (hydrated); rollback restores both", async () => {
    const context = await browser.newContext();
    expect(await serverSubmitLabel(context)).toBe(IDENTITY.old.submit);
    const { code, out } = await tessera("deploy", "identity", "--source", changedIdentity);
    expect(out).toContain("can be deployed");
    expect(code).toBe(0);
    const version = /published identity (\S+)/.exec(out)?.[1] ?? "";
    expect(version).toMatch(/^0\.1\.0\+[0-9a-f]{10}$/);
    expect(await serverSubmitLabel(context)).toBe(IDENTITY.new.submit);
    const page = await context.newPage();
    expect(await hydratedLogin(page)).toEqual(IDENTITY.new);
    // the hydrating code came from the release's own remote
    const federation = await page.locator("#tessera-federation").textContent();
    expect(federation).toContain(`/_assets/identity/releases/${version}/mf-manifest.json`);
    expect(storefront.services.map((s) => s.url)).toEqual(servicesBefore);

    const back = await tessera("rollback", "identity");
    expect(back.out).toContain("the storefront uses it");
    expect(back.code).toBe(0);
    expect(await serverSubmitLabel(context)).toBe(IDENTITY.old.submit);
    expect(await hydratedLogin(page)).toEqual(IDENTITY.old);
    await context.close();
  });

  test("deploy ops - the next health page shows the new link (server) and toggle (hydrated); rollback restores both", async () => {
    const context = await operatorContext();
    expect(await serverRefreshLink(context)).toBe(OPS.old.link);
    const { code, out } = await tessera("deploy", "ops", "--source", changedOps);
    expect(out).toContain("can be deployed");
    expect(code).toBe(0);
    expect(await serverRefreshLink(context)).toBe(OPS.new.link);
    const page = await context.newPage();
    expect(await hydratedOpsToggle(page)).toBe(OPS.new.toggle);
    expect(storefront.services.map((s) => s.url)).toEqual(servicesBefore);

    const back = await tessera("rollback", "ops");
    expect(back.code).toBe(0);
    expect(await serverRefreshLink(context)).toBe(OPS.old.link);
    expect(await hydratedOpsToggle(page)).toBe(OPS.old.toggle);
    await context.close();
  });
});
