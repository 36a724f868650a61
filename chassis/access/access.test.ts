import { describe, expect, test } from "bun:test";
import { Hono } from "hono";
import { SignJWT } from "jose";
import { AppError } from "../errors/index.ts";
import { createLogger, memoryDestination } from "../log/index.ts";
import { createMetrics } from "../metrics/index.ts";
import { createServiceApp } from "../service/app.ts";
import { createTracing } from "../trace/index.ts";
import { DELEGATION_HEADER, IDENTITY_HEADER, INTERNAL_ISSUER } from "./claims.ts";
import { completePolicy } from "./headers.ts";
import { createSigningKeys } from "./keys.ts";
import { createTokenMinter } from "./mint.ts";
import { delegatedHeaders, identityOf, requireUser } from "./principal.ts";
import { createRateLimiter } from "./rate-limit.ts";
import { testAccess } from "./testing.ts";
import { createTokenVerifier } from "./verify.ts";

const keys = await createSigningKeys();
const mint = createTokenMinter(keys);
const verify = createTokenVerifier({ audience: "checkout", keys: keys.jwks() });
const refusal = (token: string) =>
  verify(token).then(
    () => "accepted",
    (error: AppError) => `${error.status}`,
  );

describe("createTokenVerifier()", () => {
  test("a token minted for the audience - gives the principal with its roles", async () => {
    const principal = await verify(await mint({ sub: "u1", roles: ["operator"] }, "checkout"));
    expect(principal).toMatchObject({ sub: "u1", roles: ["operator"], aud: "checkout" });
  });

  test("another audience, alg none, a foreign key, expired, another issuer, no keys - 401 each", async () => {
    const foreign = createTokenMinter(await createSigningKeys());
    const { privateKey, kid } = keys.current();
    const [, payload] = (await mint({ sub: "u1", roles: [] }, "checkout")).split(".");
    const none = `${Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url")}.${payload}.`;
    const signed = (iss: string, exp: number) =>
      new SignJWT({ roles: [] })
        .setProtectedHeader({ alg: "ES256", kid })
        .setIssuer(iss)
        .setAudience("checkout")
        .setSubject("u1")
        .setIssuedAt(exp - 60)
        .setExpirationTime(exp)
        .setJti("j")
        .sign(privateKey);
    const now = Math.floor(Date.now() / 1000);
    for (const token of [
      await mint({ sub: "u1", roles: [] }, "identity"),
      none,
      await foreign({ sub: "u1", roles: [] }, "checkout"),
      await signed(INTERNAL_ISSUER, now - 120),
      await signed("tessera-identity", now + 60),
    ])
      expect(await refusal(token)).toBe("401");
    const keyless = createTokenVerifier({ audience: "checkout" });
    await expect(keyless(await mint({ sub: "u1", roles: [] }, "checkout"))).rejects.toThrow(/no keys/);
  });

  test("a token presented again - accepted from memory until its expiry, then refused", async () => {
    const { privateKey, kid } = keys.current();
    const exp = Math.floor(Date.now() / 1000) + 2;
    const token = await new SignJWT({ roles: ["operator"] })
      .setProtectedHeader({ alg: "ES256", kid })
      .setIssuer(INTERNAL_ISSUER)
      .setAudience("checkout")
      .setSubject("u7")
      .setIssuedAt(exp - 60)
      .setExpirationTime(exp)
      .setJti("cached")
      .sign(privateKey);
    const strict = createTokenVerifier({ audience: "checkout", keys: keys.jwks(), clockToleranceSeconds: 0 });
    const first = await strict(token);
    first.roles.push("tampered"); // a caller changing its copy changes nothing remembered
    expect(await strict(token)).toEqual({ sub: "u7", roles: ["operator"], aud: "checkout", jti: "cached" });
    // another token (a flipped signature byte) is never taken for the remembered one
    // (the second-to-last character is replaced, so it is the one compared: checking the last one
    // left the token unchanged whenever its second-to-last was already "A")
    const flipped = token.at(-2) === "A" ? "B" : "A";
    const forged = `${token.slice(0, -2)}${flipped}${token.slice(-1)}`;
    expect(forged).not.toBe(token);
    await expect(strict(forged)).rejects.toThrow(/refused/);
    await Bun.sleep(exp * 1000 - Date.now() + 50);
    await expect(strict(token)).rejects.toThrow(/refused/);
  });

  test("a rotated key - tokens signed by the previous key still verify while it is published", async () => {
    const rotating = await createSigningKeys();
    const minter = createTokenMinter(rotating);
    const old = await minter({ sub: "u1", roles: [] }, "checkout");
    const { retired } = await rotating.rotate();
    expect(retired).toEqual([]);
    const fresh = await minter({ sub: "u1", roles: [] }, "checkout");
    const check = createTokenVerifier({ audience: "checkout", keys: rotating.jwks() });
    expect((await check(old)).sub).toBe("u1");
    expect((await check(fresh)).sub).toBe("u1");
    await rotating.rotate();
    const after = createTokenVerifier({ audience: "checkout", keys: rotating.jwks() });
    await expect(after(old)).rejects.toThrow(/refused/);
  });
});

function serviceApp(verifyWith = verify, options: { behindTls?: boolean; bodyLimitBytes?: number } = {}) {
  const log = createLogger({ service: "checkout", version: "1", destination: memoryDestination() });
  const app = createServiceApp({
    log,
    tracer: createTracing({ service: "checkout", version: "1" }).tracer,
    metrics: createMetrics({ service: "checkout", version: "1", processMetrics: false }),
    health: { checks: [] },
    security: { verify: verifyWith, ...options },
  });
  app.route(
    "/",
    new Hono()
      .get("/whoami", (c) => c.json({ user: identityOf(c)?.sub ?? null }))
      .get("/mine", (c) => c.json({ user: requireUser(c).sub }))
      .post("/ops/rotate", (c) => c.json({ rotated: true }))
      .post("/echo", async (c) => c.text(await c.req.text()))
      .get("/delegated", (c) => c.json(delegatedHeaders(c, "payments")))
      .get("/limited", () => {
        throw new AppError("rate_limited", "slow down", { retryAfter: 7 });
      }),
  );
  return app;
}

describe("the chassis app's access control", () => {
  const app = serviceApp();
  const as = async (roles: string[], audience = "checkout") => ({
    [IDENTITY_HEADER]: await mint({ sub: "u1", roles }, audience),
  });

  test("identityOf - the token's subject; nobody without a token; a plain x-tessera-user is ignored", async () => {
    expect(await (await app.request("/whoami", { headers: await as([]) })).json()).toEqual({ user: "u1" });
    expect(await (await app.request("/whoami")).json()).toEqual({ user: null });
    expect(await (await app.request("/whoami", { headers: { "x-tessera-user": "u1" } })).json()).toEqual({
      user: null,
    });
    expect((await app.request("/mine")).status).toBe(401);
  });

  test("a token that does not verify - 401 problem, never an anonymous downgrade", async () => {
    for (const token of ["garbage", await mint({ sub: "u1", roles: [] }, "identity")]) {
      const response = await app.request("/whoami", { headers: { [IDENTITY_HEADER]: token } });
      expect(response.status).toBe(401);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
    }
  });

  test("/ops/* - 401 anonymous, 403 for a shopper, through for an operator", async () => {
    expect((await app.request("/ops/rotate", { method: "POST" })).status).toBe(401);
    expect((await app.request("/ops/rotate", { method: "POST", headers: await as([]) })).status).toBe(403);
    expect(
      (await app.request("/ops/rotate", { method: "POST", headers: await as(["operator"]) })).status,
    ).toBe(200);
  });

  test("delegatedHeaders - passes on the delegated token for the callee, and only for a signed-in caller", async () => {
    const access = await testAccess();
    const delegating = serviceApp(
      createTokenVerifier({ audience: "checkout", keys: JSON.parse(access.env.ACCESS_JWKS) }),
    );
    const headers = await access.as("u1", "checkout", { delegate: ["payments", "identity"] });
    const passed = await (await delegating.request("/delegated", { headers })).json();
    const forPayments = headers[DELEGATION_HEADER]?.split(" ")[0];
    expect(passed).toEqual({ [IDENTITY_HEADER]: forPayments });
    const anonymous = await (
      await delegating.request("/delegated", { headers: { [DELEGATION_HEADER]: forPayments as string } })
    ).json();
    expect(anonymous).toEqual({});
  });

  test("every answer - security headers; HSTS only behind TLS; a 429 carries Retry-After", async () => {
    const response = await app.request("/whoami");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(response.headers.get("strict-transport-security")).toBeNull();
    const tls = await serviceApp(verify, { behindTls: true }).request("/whoami");
    expect(tls.headers.get("strict-transport-security")).toContain("max-age=");
    const limited = await app.request("/limited");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("7");
  });

  test("a body over the limit - 413 problem+json", async () => {
    const small = serviceApp(verify, { bodyLimitBytes: 1024 });
    const response = await small.request("/echo", { method: "POST", body: "x".repeat(4096) });
    expect(response.status).toBe(413);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect((await small.request("/echo", { method: "POST", body: "ok" })).status).toBe(200);
  });
});

describe("completePolicy()", () => {
  test("a page's own policy - keeps its nonce and gains frame-ancestors and form-action once", () => {
    const policy = completePolicy("script-src 'nonce-abc' 'self'; object-src 'none'");
    expect(policy).toBe(
      "script-src 'nonce-abc' 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'",
    );
    expect(completePolicy(policy)).toBe(policy);
  });
});

describe("createRateLimiter()", () => {
  test("a burst - then 429 with the seconds until a token is back; tokens come back over time", () => {
    let now = 0;
    const limiter = createRateLimiter({ perMinute: 6, burst: 2, now: () => now });
    limiter.take("a");
    limiter.take("a");
    expect(() => limiter.take("a")).toThrow(AppError);
    expect(limiter.retryAfter("a")).toBe(10);
    limiter.take("b");
    now += 10_000;
    limiter.take("a");
    limiter.reset("a");
    limiter.take("a");
    limiter.take("a");
  });
});
