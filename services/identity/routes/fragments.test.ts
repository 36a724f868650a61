import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { BuiltService } from "@tessera/chassis/service";
import { FragmentManifest } from "@tessera/contracts/fragment-manifest";
import { MESSAGES } from "@tessera/identity-fragments/messages";
import { eq } from "drizzle-orm";
import { decodeJwt } from "jose";
import { users } from "../db/schema.ts";
import { buildIdentity, asUser as identityHeadersFor, newShopper, postForm } from "../test-support.ts";

/** A stand-in for checkout's order API, following its contract (GET /api/orders?customer=). */
type Behaviour = "orders" | "none" | "error" | "garbage";
let behaviour: Behaviour = "orders";
const seen: { customer: string | null; user: string | null; traceparent: string | null }[] = [];
const checkout = Bun.serve({
  port: 0,
  hostname: "127.0.0.1",
  fetch(request) {
    const url = new URL(request.url);
    if (url.pathname !== "/api/orders") return new Response("not found", { status: 404 });
    const customer = url.searchParams.get("customer");
    // checkout's side of the contract: the caller's token must be one meant for checkout
    const token = request.headers.get("x-tessera-identity");
    const claims = token ? decodeJwt(token) : undefined;
    const user = claims?.aud === "checkout" ? (claims.sub ?? null) : null;
    seen.push({ customer, user, traceparent: request.headers.get("traceparent") });
    if (!user || user !== customer) {
      return Response.json({ title: "Forbidden", status: 403, detail: "not yours" }, { status: 403 });
    }
    if (behaviour === "error")
      return Response.json({ title: "Oops", status: 500, detail: "down" }, { status: 500 });
    if (behaviour === "garbage") return Response.json({ orders: "nope" });
    if (behaviour === "none") return Response.json({ items: [] });
    return Response.json({
      items: [
        {
          id: "ORD-1001",
          state: "confirmed",
          total: { amount: 5_890_000, currency: "EUR" },
          placedAt: "2026-11-20T10:15:00Z",
          lines: [
            {
              sku: "CL-01-GR",
              name: "Heritage Workhorse — Field Green",
              quantity: 1,
              unitPrice: { amount: 5_890_000, currency: "EUR" },
            },
          ],
        },
        {
          id: "ORD-1002",
          state: "placed",
          total: { amount: 4_580_000, currency: "EUR" },
          placedAt: "2026-11-24T09:00:00Z",
          lines: [{ sku: "AU-01-SI", name: "FieldPilot A1 <Silver>", quantity: 2, unitPrice: 2_290_000 }],
        },
      ],
    });
  },
});

let service: BuiltService;
let userId: string;
const shopper = newShopper({ name: "Ann <Example>" });

beforeAll(async () => {
  service = await buildIdentity({ CHECKOUT_URL: checkout.url.origin });
  await postForm(service, "/account/register", shopper);
  const [user] = await service.ctx.database.db.select().from(users).where(eq(users.email, shopper.email));
  userId = user?.id ?? "";
});
afterAll(async () => {
  await service.close();
  await checkout.stop(true);
});

const fragment = (path: string, headers: Record<string, string> = {}) =>
  service.app.request(path, { headers });
const asUser = () => identityHeadersFor(userId);

describe("account-page fragment", () => {
  test("without an identity token - redirects to the sign-in page with returnTo=/account", async () => {
    const response = await fragment("/fragments/account-page");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/account/login?returnTo=/account");
  });

  test("for a user id that does not exist - redirects to the sign-in page too", async () => {
    const response = await fragment("/fragments/account-page", await identityHeadersFor(crypto.randomUUID()));
    expect(response.status).toBe(303);
  });

  test("signed in with orders - shows name, email, sign-out form and the orders from checkout, newest first", async () => {
    behaviour = "orders";
    seen.length = 0;
    const response = await fragment("/fragments/account-page", await asUser());
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
    const html = await response.text();
    expect(html).toContain('data-boundary="identity/account-page"');
    expect(html).toContain("Ann &lt;Example&gt;");
    expect(html).toContain(shopper.email);
    expect(html).toMatch(
      /<form method="post" action="\/account\/logout">\s*<button type="submit"[^>]*>Sign out<\/button>/,
    );
    expect(html.indexOf("ORD-1002")).toBeLessThan(html.indexOf("ORD-1001"));
    expect(html).toContain("€58,900.00");
    expect(html).toContain("FieldPilot A1 &lt;Silver&gt;");
    expect(html).toContain("€22,900.00");
    expect(html).toContain("Confirmed");
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ customer: userId, user: userId });
    expect(seen[0]?.traceparent).toMatch(/^00-[0-9a-f]{32}-/);
  });

  test("signed in without orders - says there are none yet", async () => {
    behaviour = "none";
    const html = await (await fragment("/fragments/account-page", await asUser())).text();
    expect(html).toContain("You have not placed any orders yet.");
  });

  for (const failing of ["error", "garbage"] as const) {
    test(`signed in while checkout answers ${failing} - the page still renders and says the orders cannot be shown`, async () => {
      behaviour = failing;
      const response = await fragment("/fragments/account-page", await asUser());
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain("Your orders cannot be shown right now");
      expect(html).toContain(shopper.email);
    });
  }

  test("signed in while checkout is unreachable - the page says the orders cannot be shown", async () => {
    const offline = await buildIdentity({ CHECKOUT_URL: "http://127.0.0.1:9" });
    try {
      await postForm(offline, "/account/register", shopper);
      const [user] = await offline.ctx.database.db.select().from(users).where(eq(users.email, shopper.email));
      const response = await offline.app.request("/fragments/account-page", {
        headers: await identityHeadersFor(user?.id ?? ""),
      });
      expect(response.status).toBe(200);
      expect(await response.text()).toContain("Your orders cannot be shown right now");
    } finally {
      await offline.close();
    }
  });
});

describe("login-page and register-page fragments", () => {
  test("login-page after a failed sign-in - shows the message tied to the inputs and keeps the email", async () => {
    const query = new URLSearchParams({
      error: MESSAGES.loginFailed,
      email: "ann@example.com",
      returnTo: "/checkout/cart",
    });
    const response = await fragment(`/fragments/login-page?${query}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('data-boundary="identity/login-page"');
    expect(html).toContain('<div class="error" id="login-error" role="alert">');
    expect(html).toContain(MESSAGES.loginFailed);
    expect(html).toMatch(
      /<input id="login-email"[^>]*value="ann@example.com"[^>]*aria-describedby="login-error"[^>]*aria-invalid="true"/,
    );
    expect(html).toContain('<input type="hidden" name="returnTo" value="/checkout/cart">');
  });

  test("login-page with an error text it never wrote - shows a generic message instead", async () => {
    const html = await (await fragment("/fragments/login-page?error=Call%20555-0100%20to%20unlock")).text();
    expect(html).not.toContain("555-0100");
    expect(html).toContain(MESSAGES.unknown);
  });

  test("login-page with another site's returnTo - drops it", async () => {
    const html = await (
      await fragment("/fragments/login-page?returnTo=https%3A%2F%2Fevil.example%2F")
    ).text();
    expect(html).not.toContain("evil.example");
  });

  test("login-page for a signed-in shopper - redirects to the account", async () => {
    const response = await fragment("/fragments/login-page", await asUser());
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/account");
  });

  test("register-page after a failed registration - marks the named field and keeps name and email", async () => {
    const query = new URLSearchParams({
      error: MESSAGES.passwordTooShort,
      field: "password",
      name: "Ann",
      email: "a@b.co",
    });
    const html = await (await fragment(`/fragments/register-page?${query}`)).text();
    expect(html).toContain('data-boundary="identity/register-page"');
    expect(html).toMatch(
      /<input id="register-password"[^>]*aria-describedby="register-password-hint register-error"[^>]*aria-invalid="true"/,
    );
    expect(html).toMatch(/<input id="register-name"[^>]*value="Ann"/);
    expect(html).not.toMatch(/<input id="register-name"[^>]*aria-invalid/);
  });
});

describe("account-link fragment", () => {
  test("for a visitor - links to Sign in", async () => {
    const response = await fragment("/fragments/account-link");
    expect(response.headers.get("vary")).toContain("x-tessera-identity");
    const html = await response.text();
    expect(html).toContain('data-boundary="identity/account-link"');
    expect(html).toContain('<a href="/account/login">Sign in</a>');
  });

  test("for a signed-in shopper - shows their name linking to the account", async () => {
    const html = await (await fragment("/fragments/account-link", await asUser())).text();
    expect(html).toContain('<a href="/account">Ann &lt;Example&gt;</a>');
  });
});

describe("fragment manifest", () => {
  test("GET /fragments/manifest.json - follows the contract and declares the four fragments", async () => {
    const manifest = FragmentManifest.parse(await (await fragment("/fragments/manifest.json")).json());
    expect(manifest.team).toBe("identity");
    expect(Object.keys(manifest.fragments).sort()).toEqual([
      "account-link",
      "account-page",
      "login-page",
      "register-page",
    ]);
    expect(manifest.fragments["account-page"]?.endpoint).toBe("/fragments/account-page");
    // the pages with a password field name the component the shell hydrates, and its module
    for (const page of ["login-page", "register-page"])
      expect(manifest.fragments[page]).toMatchObject({
        element: "identity-password-field",
        module: "identity/password-field",
      });
    expect(manifest.federation).toEqual({
      name: "tessera_identity",
      alias: "identity",
      manifest: "/assets/mf-manifest.json",
      exposes: { "./password-field": "identity-password-field" },
    });
    // every script of the built remote, each with its SRI hash (the shell refuses one without)
    expect(manifest.assets.js.map((a) => a.path)).toContain("/assets/remoteEntry.js");
    for (const script of manifest.assets.js) expect(script.integrity).toMatch(/^sha384-[A-Za-z0-9+/]+=*$/);
  });

  test("GET /assets/mf-manifest.json - the built remote, readable cross-origin; an unknown file - 404 problem", async () => {
    const response = await fragment("/assets/mf-manifest.json");
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const built = (await response.json()) as { metaData: { name: string }; exposes: { path: string }[] };
    expect(built.metaData.name).toBe("tessera_identity");
    expect(built.exposes.map((e) => e.path)).toEqual(["./password-field"]);
    const missing = await fragment("/assets/no-such-file.js");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toBe("application/problem+json");
  });
});

describe("fragment versions", () => {
  test("the built-in version - says which rendered it, varies on the shopper and on the version asked for", async () => {
    const response = await fragment("/fragments/login-page");
    expect(response.headers.get("fragment-version")).toBe("identity@0.1.0");
    expect(response.headers.get("vary")).toBe("x-tessera-identity, tessera-fragment-version");
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  test("a release that is not published - 400 problem naming it, never another version's HTML", async () => {
    const response = await fragment("/fragments/login-page", {
      "tessera-fragment-version": "0.1.0+0123456789",
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { detail: string }).detail).toContain(
      'identity has no release "0.1.0+0123456789"',
    );
  });
});
