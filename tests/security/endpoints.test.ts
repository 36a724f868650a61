/**
 * Malformed input at every public endpoint (fast-check): every operation each service's OpenAPI
 * document lists, and every route the composer serves, gets paths with hostile segments, random
 * query parameters, JSON / form / garbage bodies of every content type, and identity tokens that
 * must be refused (garbage, `alg: none`, signed by a foreign key, for another audience, expired).
 * Every answer: no 5xx, no stack trace; a 4xx from a service is `application/problem+json`; and a
 * refused request (4xx) wrote nothing: the row count of every table of every service is unchanged.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { IDENTITY_HEADER, INTERNAL_ISSUER } from "@tessera/chassis/access";
import type { RunningService } from "@tessera/chassis/service";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { SignJWT } from "jose";
import { BrowserSession } from "./browser-session.ts";
import { type Operation, type System, startSystem } from "./system.ts";

/** Runs per operation: enough to vary every dimension, few enough to keep the tier near a minute. */
const RUNS = Number(process.env.SECURITY_RUNS ?? 8);
/** Tables written on purpose by a refused request: the audit log records failed and throttled sign-ins. */
const WRITTEN_ON_REFUSAL = new Set(["identity.audit_log"]);
const STACK_TRACE = /\n\s+at\s+\S+\s+\(|\bat\s+\S+\.(ts|js|mjs):\d+:\d+|node_modules\//;

let system: System;
beforeAll(async () => {
  process.stdout.write("• starting every service in memory and the composer…\n");
  system = await startSystem((line) => process.stdout.write(`${line}\n`));
  // The services apply each other's seed events in the background (batched, after a short
  // gather window): the row counts this file compares must have settled before it starts.
  await settled();
}, 240_000);

/** Waits until no service's row counts change for 500 ms (at most 30 s, then fails saying what moved). */
async function settled(): Promise<void> {
  const deadline = Date.now() + 30_000;
  let last = JSON.stringify(await rows());
  let since = Date.now();
  while (Date.now() - since < 500) {
    await Bun.sleep(100);
    const now = JSON.stringify(await rows());
    if (now !== last) {
      if (Date.now() > deadline) throw new Error(`the services' rows were still changing after 30 s: ${now}`);
      last = now;
      since = Date.now();
    }
  }
}
afterAll(() => system?.stop(), 60_000);

/** Path segments and values a caller should never be able to break anything with. */
const hostile = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.constantFrom(
    "..",
    "../../etc/passwd",
    "%2e%2e%2f",
    "%00",
    "' OR '1'='1",
    "<script>alert(1)</script>",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, sent as text
    "${7*7}",
    "-1",
    "0",
    "99999999999999999999",
    "NaN",
    "null",
    "[]",
    "{}",
    "x".repeat(3000),
    "😀",
    "\u0000\u0001",
    "TR-CL-001",
    "CL-01-GR",
    "ORD-1001",
  ),
);

const CONTENT_TYPES = [
  "application/json",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=xyz",
  "text/plain",
  "application/xml",
  "",
];

/** A body: JSON of any shape, a form of random fields, garbage bytes, or nothing. */
const body = fc.oneof(
  fc.json({ maxDepth: 3 }),
  fc
    .dictionary(fc.string({ maxLength: 12 }), hostile, { maxKeys: 6 })
    .map((d) => new URLSearchParams(d).toString()),
  fc.string({ maxLength: 200 }),
  fc.constantFrom("{", '{"a":', "--xyz\r\nContent-Disposition: form-data\r\n\r\n", "\u0000".repeat(10), ""),
);

type TokenKind =
  | "none"
  | "garbage"
  | "alg-none"
  | "foreign"
  | "other-audience"
  | "expired"
  | "shopper"
  | "operator";
const tokenKind = fc.constantFrom<TokenKind>(
  "none",
  "garbage",
  "alg-none",
  "foreign",
  "other-audience",
  "expired",
  "shopper",
  "operator",
);

/** The identity token of a kind, for `audience`. */
async function tokenFor(kind: TokenKind, audience: string): Promise<string | undefined> {
  const subject = { sub: crypto.randomUUID(), roles: [] as string[] };
  switch (kind) {
    case "none":
      return undefined;
    case "garbage":
      return "not.a.jwt";
    case "alg-none": {
      const claims = {
        iss: INTERNAL_ISSUER,
        aud: audience,
        sub: subject.sub,
        roles: ["operator"],
        exp: 9e9,
        iat: 1,
        jti: "x",
      };
      const part = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
      return `${part({ alg: "none", typ: "JWT" })}.${part(claims)}.`;
    }
    case "foreign":
      return system.mintForeign({ ...subject, roles: ["operator"] }, audience);
    case "other-audience":
      return system.mint(
        { ...subject, roles: ["operator"] },
        audience === "checkout" ? "identity" : "checkout",
      );
    case "expired": {
      const { generateKeyPair } = await import("jose");
      const { privateKey } = await generateKeyPair("ES256");
      return new SignJWT({ roles: ["operator"] })
        .setProtectedHeader({ alg: "ES256" })
        .setIssuer(INTERNAL_ISSUER)
        .setAudience(audience)
        .setSubject(subject.sub)
        .setIssuedAt(1_000_000)
        .setExpirationTime(1_000_060)
        .setJti("old")
        .sign(privateKey);
    }
    case "shopper":
      return system.mint(subject, audience);
    case "operator":
      return system.mint({ ...subject, roles: ["operator"] }, audience);
  }
}

/** The tables of `services` (every one by default): `service.table → rows`. */
async function rows(services = system.services): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const service of services)
    for (const [table, n] of Object.entries(await system.rowCounts(service)))
      if (!WRITTEN_ON_REFUSAL.has(`${service.name}.${table}`)) out[`${service.name}.${table}`] = n;
  return out;
}

/** Checks one answer; `problemOn4xx` when the endpoint is an API (not a page for a browser). */
async function checkAnswer(label: string, response: Response, problemOn4xx: boolean) {
  const text = await response.text();
  const where = `${label} → ${response.status} ${text.slice(0, 300)}`;
  expect(response.status < 500, where).toBe(true);
  expect(STACK_TRACE.test(text), where).toBe(false);
  if (problemOn4xx && response.status >= 400 && text)
    expect(response.headers.get("content-type"), where).toBe("application/problem+json");
}

interface Attempt {
  segments: string[];
  query: [string, string][];
  body: string;
  type: string;
  token: TokenKind;
  method?: string;
}

const attempt = (op: { query: string[] }) =>
  fc.record({
    segments: fc.array(hostile, { minLength: 3, maxLength: 3 }),
    query: fc.array(
      fc.tuple(
        fc.oneof(fc.constantFrom(...(op.query.length ? op.query : ["q"])), fc.string({ maxLength: 8 })),
        hostile,
      ),
      {
        maxLength: 4,
      },
    ),
    body,
    type: fc.constantFrom(...CONTENT_TYPES),
    token: tokenKind,
  });

/** The URL of `op` with its `{params}` filled from `segments`, and the query. */
function urlOf(base: string, path: string, a: Attempt): string {
  let i = 0;
  const filled = path.replace(/\{[^}]+\}|:[A-Za-z_]+|\*/g, () =>
    encodeURIComponent(a.segments[i++ % a.segments.length] ?? ""),
  );
  const query = new URLSearchParams(a.query).toString();
  return `${base}${filled}${query ? `?${query}` : ""}`;
}

async function send(
  base: string,
  method: string,
  path: string,
  a: Attempt,
  audience: string,
  extra: Record<string, string> = {},
) {
  const headers: Record<string, string> = { ...extra };
  if (a.type) headers["content-type"] = a.type;
  const token = await tokenFor(a.token, audience);
  if (token) headers[IDENTITY_HEADER] = token;
  const withBody = method !== "GET" && method !== "HEAD";
  return fetch(urlOf(base, path, a), {
    method,
    headers,
    body: withBody ? a.body : undefined,
    redirect: "manual",
  });
}

describe("every service's documented endpoints", () => {
  const names = ["catalog", "explore", "inventory", "checkout", "payments", "identity", "ops"];
  for (const name of names) {
    test(`${name} - malformed paths, queries, bodies and tokens: no 5xx, no stack trace, problem+json, nothing written`, async () => {
      const service = system.services.find((s) => s.name === name) as RunningService;
      expect(service).toBeDefined();
      const operations: Operation[] = await system.operations(service);
      expect(operations.length).toBeGreaterThan(0);
      process.stdout.write(`  ${name}: ${operations.length} operations × ${RUNS} runs\n`);
      for (const op of operations) {
        await fc.assert(
          fc.asyncProperty(attempt(op), async (a) => {
            // reads write nothing by construction; every write that is refused must not either
            const writes = op.method !== "GET" && op.method !== "HEAD";
            const before = writes ? await rows([service]) : undefined;
            const response = await send(service.url, op.method, op.path, a, name);
            const status = response.status;
            await checkAnswer(`${op.method} ${op.path} ${JSON.stringify(a).slice(0, 300)}`, response, true);
            if (writes && status >= 400)
              expect(await rows([service]), `${op.method} ${op.path} → ${status} wrote rows`).toEqual(
                before ?? {},
              );
          }),
          { numRuns: RUNS },
        );
      }
    }, 300_000);
  }
});

describe("the composer's routes", () => {
  test("pages, the gateway, forms and assets - malformed input: no 5xx, no stack trace, nothing written", async () => {
    const base = system.composer.url;
    const routes = [
      ...new Map(
        system.composer.app.routes
          .filter((r) => r.method !== "ALL" || r.path.startsWith("/api/"))
          .map((r) => [`${r.method} ${r.path}`, r] as const),
      ).values(),
    ];
    expect(routes.length).toBeGreaterThan(5);
    process.stdout.write(`  composer: ${routes.length} routes × ${RUNS} runs\n`);
    for (const route of routes) {
      const methods = route.method === "ALL" ? ["GET", "POST", "DELETE"] : [route.method];
      for (const method of methods) {
        await fc.assert(
          fc.asyncProperty(
            attempt({ query: [] }),
            fc.constantFrom("same-origin", "cross-site", ""),
            async (a, site) => {
              const writes = method !== "GET";
              const before = writes ? await rows() : undefined;
              const extra: Record<string, string> = site ? { "sec-fetch-site": site } : {};
              const response = await send(base, method, route.path, a, "composer", extra);
              const page =
                method === "GET" &&
                !route.path.startsWith("/api/") &&
                !route.path.startsWith("/.well-known/");
              await checkAnswer(
                `${method} ${route.path} ${JSON.stringify(a).slice(0, 300)}`,
                response,
                !page,
              );
              if (writes && response.status >= 400)
                expect(await rows(), `${method} ${route.path} → ${response.status} wrote rows`).toEqual(
                  before ?? {},
                );
            },
          ),
          { numRuns: RUNS },
        );
      }
    }
  }, 300_000);

  test("a huge body - 413 problem+json at the gateway and at a form, never read whole", async () => {
    const big = "x".repeat(2 * 1024 * 1024);
    for (const path of ["/api/checkout/cart", "/checkout/cart/add", "/account/login"]) {
      const response = await fetch(`${system.composer.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: big,
      });
      expect(response.status, path).toBe(413);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
    }
  });
});

describe("two shoppers and an operator, through the composer", () => {
  const password = "green-tractor-seat-42";
  /** Registers a shopper with the no-JS form; answers the session and the user's id. */
  async function shopper(name: string) {
    const browser = new BrowserSession(system.composer.url);
    await browser.open("/account/register");
    const email = `${name}.${crypto.randomUUID().slice(0, 8)}@example.com`;
    const registered = await browser.post("/account/register", {
      name,
      email,
      password,
      passwordConfirmation: password,
    });
    expect(registered.status).toBe(303);
    expect(browser.cookies.has("tessera_session")).toBe(true);
    const identity = system.services.find((s) => s.name === "identity") as RunningService;
    const rows = (await identity.built.ctx.database.db.execute(
      sql`select id from users where email = ${email}`,
    )) as unknown as { rows: { id: string }[] };
    return { browser, email, id: rows.rows[0]?.id as string };
  }

  test("each sees only their own orders and audit log; another's is 403, anonymous 401", async () => {
    const ann = await shopper("ann");
    const bob = await shopper("bob");
    expect((await ann.browser.api(`/api/checkout/orders?customer=${ann.id}`)).status).toBe(200);
    const bobOnAnn = await bob.browser.api(`/api/checkout/orders?customer=${ann.id}`);
    expect(bobOnAnn.status).toBe(403);
    expect(bobOnAnn.headers.get("content-type")).toBe("application/problem+json");
    expect((await ann.browser.api(`/api/identity/audit?user=${ann.id}`)).status).toBe(200);
    expect((await bob.browser.api(`/api/identity/audit?user=${ann.id}`)).status).toBe(403);
    const anonymous = new BrowserSession(system.composer.url);
    expect((await anonymous.api(`/api/identity/audit?user=${ann.id}`)).status).toBe(401);
  });

  test("a plain x-tessera-user header - is trusted by nobody: a service answers as to an anonymous caller", async () => {
    const ann = await shopper("carla");
    const checkout = system.services.find((s) => s.name === "checkout") as RunningService;
    const identity = system.services.find((s) => s.name === "identity") as RunningService;
    const forged = { "x-tessera-user": ann.id };
    expect((await fetch(`${checkout.url}/api/orders?customer=${ann.id}`, { headers: forged })).status).toBe(
      401,
    );
    expect((await fetch(`${identity.url}/api/audit?user=${ann.id}`, { headers: forged })).status).toBe(401);
    // a token the composer minted for identity is refused by checkout
    const forIdentity = await system.mint({ sub: ann.id, roles: [] }, "identity");
    const wrongAudience = await fetch(`${checkout.url}/api/orders?customer=${ann.id}`, {
      headers: { [IDENTITY_HEADER]: forIdentity },
    });
    expect(wrongAudience.status).toBe(401);
  });

  test("ops - a shopper gets 403 from the composer's /ops pages and every service's /ops; the seeded operator gets in", async () => {
    const ann = await shopper("dora");
    const page = await ann.browser.open("/ops/breakers");
    expect(page.status).toBe(403);
    const anonymous = await new BrowserSession(system.composer.url).open("/ops/breakers");
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get("location")).toBe("/account/login?returnTo=%2Fops%2Fbreakers");
    for (const service of system.services) {
      const paths = (await system.operations(service)).filter((o) => o.path.startsWith("/ops/"));
      for (const op of paths) {
        const asShopper = await fetch(`${service.url}${op.path.replace(/\{[^}]+\}/g, "x")}`, {
          method: op.method,
          headers: { [IDENTITY_HEADER]: await system.mint({ sub: ann.id, roles: [] }, service.name) },
        });
        expect(asShopper.status, `${service.name} ${op.method} ${op.path}`).toBe(403);
        const anonymousCall = await fetch(`${service.url}${op.path.replace(/\{[^}]+\}/g, "x")}`, {
          method: op.method,
        });
        expect(anonymousCall.status, `${service.name} ${op.method} ${op.path}`).toBe(401);
      }
    }
    const operator = new BrowserSession(system.composer.url);
    await operator.open("/account/login");
    const login = await operator.post("/account/login", {
      email: "operator@tessera.test",
      password: "security-tier-operator",
    });
    expect(login.status).toBe(303);
    expect((await operator.open("/ops/breakers")).status).toBe(200);
  });

  test("login - the sixth wrong password for one account in a minute is 429 with Retry-After", async () => {
    const erin = await shopper("erin");
    const attacker = new BrowserSession(system.composer.url);
    await attacker.open("/account/login");
    const { email } = erin;
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 6; i++) {
      last = await attacker.post("/account/login", { email, password: `wrong-${i}-password` });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 5)).toEqual([303, 303, 303, 303, 303]);
    expect(statuses[5]).toBe(429);
    expect(Number(last?.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
