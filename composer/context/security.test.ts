import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createMemoryRegistry, type Registry } from "@tessera/chassis/registry";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { createComposer } from "../app.ts";
import { type FakeInstance, fakeInstance } from "../testing/fake-service.ts";

let registry: Registry;
let identity: FakeInstance;
let checkout: FakeInstance;
let composer: Awaited<ReturnType<typeof createComposer>>;
let privateKey: CryptoKey;

const TEMPLATES = {
  "/": '<body><form method="post" action="/checkout/cart/add"><input name="sku"></form><form action="/search"></form></body>',
  "/ops/board": "<body><h1>Ops</h1></body>",
};

const session = (roles: string[]) =>
  new SignJWT({ name: "Ada", roles })
    .setProtectedHeader({ alg: "ES256", kid: "k1" })
    .setSubject("user-42")
    .setIssuer("tessera-identity")
    .setAudience("tessera-storefront")
    .setExpirationTime("15m")
    .sign(privateKey);

const start = (env: Record<string, string> = {}) =>
  createComposer({
    registry,
    templates: TEMPLATES,
    env: { LOG_LEVEL: "silent", ...env },
    shellDist: "/nonexistent",
  });

beforeAll(async () => {
  const keys = await generateKeyPair("ES256");
  privateKey = keys.privateKey as CryptoKey;
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: "k1", alg: "ES256", use: "sig" };
  registry = createMemoryRegistry();
  identity = await fakeInstance(registry, "identity", () => Response.json({ keys: [jwk] }));
  checkout = await fakeInstance(registry, "checkout", () => Response.json({ ok: true }));
  composer = await start();
});
afterAll(async () => {
  await composer.close();
  await identity.stop();
  await checkout.stop();
});

/** A browser's first visit: the CSRF cookie it got and the token in the page's POST form. */
async function visit(app = composer.app) {
  const page = await app.request("/");
  const cookie = /tessera_csrf=[^;]+/.exec(page.headers.get("set-cookie") ?? "")?.[0] as string;
  const html = await page.text();
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] as string;
  return { page, html, cookie, token };
}

const postForm = (body: string, headers: Record<string, string>, app = composer.app) =>
  app.request("/checkout/cart/add", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body,
  });

async function expectProblem(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const body = await response.json();
  expect(JSON.stringify(body)).not.toMatch(/\bat \S+\.ts:\d+/);
  return body as { detail: string };
}

describe("security headers", () => {
  test("a page - CSP with its script nonce and no unsafe-inline/eval, frame-ancestors none, and the fixed headers", async () => {
    const { page } = await visit();
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/script-src 'nonce-[A-Za-z0-9+/=]+' 'self'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(page.headers.get("x-frame-options")).toBe("DENY");
    expect(page.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    expect(page.headers.get("permissions-policy")).toContain("camera=()");
    expect(page.headers.get("strict-transport-security")).toBeNull();
    // the shopper's own page (its CSRF cookie and nonce): never stored by a shared cache
    expect(page.headers.get("cache-control")).toBe("no-store");
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("traceresponse")).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  test("a JSON answer and a problem - get the strict default policy", async () => {
    for (const path of ["/health/live", "/nowhere"]) {
      const response = await composer.app.request(path);
      expect(response.headers.get("content-security-policy")).toBe(
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
      );
      expect(response.headers.get("x-frame-options")).toBe("DENY");
    }
  });

  test("behind TLS - HSTS on every answer, and the CSRF cookie is Secure", async () => {
    const tls = await start({ BEHIND_TLS: "true" });
    try {
      const page = await tls.app.request("/");
      expect(page.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
      expect(page.headers.get("set-cookie")).toMatch(
        /tessera_csrf=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Secure/,
      );
    } finally {
      await tls.close();
    }
  });
});

describe("CSRF", () => {
  test("a page - sets an HttpOnly SameSite cookie and puts the token into POST forms only", async () => {
    const { page, html, token } = await visit();
    expect(page.headers.get("set-cookie")).toMatch(
      /^tessera_csrf=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/,
    );
    expect(html).toContain(
      `<form method="post" action="/checkout/cart/add"><input type="hidden" name="_csrf" value="${token}"><input name="sku">`,
    );
    expect(html).toContain('<form action="/search"></form>');
  });

  test("a form post with its token - is forwarded", async () => {
    const { cookie, token } = await visit();
    const before = checkout.requests.length;
    const response = await postForm(`sku=CL-01-GR&_csrf=${token}`, {
      cookie,
      "sec-fetch-site": "same-origin",
    });
    expect(response.status).toBe(200);
    expect(checkout.requests.length).toBe(before + 1);
  });

  test("a cross-site post, a foreign Origin, no token, another browser's token, no cookie - 403 problem, nothing forwarded", async () => {
    const mine = await visit();
    const theirs = await visit();
    const before = checkout.requests.length;
    const attempts: [string, Record<string, string>][] = [
      [`sku=X&_csrf=${mine.token}`, { cookie: mine.cookie, "sec-fetch-site": "cross-site" }],
      [`sku=X&_csrf=${mine.token}`, { cookie: mine.cookie, origin: "https://evil.example" }],
      [`sku=X&_csrf=${mine.token}`, { cookie: mine.cookie, origin: "null" }],
      ["sku=X", { cookie: mine.cookie }],
      [`sku=X&_csrf=${theirs.token}`, { cookie: mine.cookie }],
      [`sku=X&_csrf=${mine.token}`, {}],
    ];
    for (const [body, headers] of attempts) await expectProblem(await postForm(body, headers), 403);
    expect(checkout.requests.length).toBe(before);
  });

  test("a gateway write - needs a JSON body or a same-origin fetch; a cross-site one is refused", async () => {
    const before = checkout.requests.length;
    const write = (headers: Record<string, string>) =>
      composer.app.request("/api/checkout/cart", { method: "POST", headers, body: "x=1" });
    await expectProblem(await write({ "content-type": "application/x-www-form-urlencoded" }), 403);
    await expectProblem(await write({ "content-type": "text/plain" }), 403);
    await expectProblem(
      await write({ "content-type": "application/json", "sec-fetch-site": "cross-site" }),
      403,
    );
    expect(checkout.requests.length).toBe(before);
    expect((await write({ "content-type": "application/json" })).status).toBe(200);
    expect((await write({ "content-type": "text/plain", "sec-fetch-site": "same-origin" })).status).toBe(200);
  });
});

describe("limits", () => {
  test("the gateway - a client over its bucket gets 429 problem+json with Retry-After", async () => {
    const limited = await start({ GATEWAY_RATE_PER_MINUTE: "1", GATEWAY_BURST: "3" });
    try {
      for (let i = 0; i < 3; i++) expect((await limited.app.request("/api/checkout/cart")).status).toBe(200);
      const refused = await limited.app.request("/api/checkout/cart");
      await expectProblem(refused, 429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });

  test("a body over BODY_LIMIT_BYTES - 413 problem+json before it is forwarded", async () => {
    const small = await start({ BODY_LIMIT_BYTES: "2048" });
    try {
      const before = checkout.requests.length;
      const response = await small.app.request("/api/checkout/cart", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ pad: "x".repeat(4096) }),
      });
      await expectProblem(response, 413);
      expect(checkout.requests.length).toBe(before);
    } finally {
      await small.close();
    }
  });
});

describe("/ops/* pages", () => {
  test("anonymous - a page view goes to the sign-in page and back; an API call is 401", async () => {
    const view = await composer.app.request("/ops/board", { headers: { accept: "text/html" } });
    expect(view.status).toBe(303);
    expect(view.headers.get("location")).toBe("/account/login?returnTo=%2Fops%2Fboard");
    await expectProblem(await composer.app.request("/ops/board"), 401);
  });

  test("a shopper - 403 problem; an operator - the page", async () => {
    const shopper = await composer.app.request("/ops/board", {
      headers: { accept: "text/html", cookie: `tessera_session=${await session([])}` },
    });
    await expectProblem(shopper, 403);
    const operator = await composer.app.request("/ops/board", {
      headers: { accept: "text/html", cookie: `tessera_session=${await session(["operator"])}` },
    });
    expect(operator.status).toBe(200);
    expect(await operator.text()).toContain("<h1>Ops</h1>");
  });
});
