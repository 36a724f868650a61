import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createMemoryRegistry } from "@tessera/chassis/registry";
import { createLocalJWKSet, decodeJwt, exportJWK, generateKeyPair, jwtVerify, SignJWT } from "jose";
import { createComposer } from "../app.ts";
import { type FakeInstance, fakeInstance, manifestOf } from "../testing/fake-service.ts";

let identity: FakeInstance;
let checkout: FakeInstance;
let composer: Awaited<ReturnType<typeof createComposer>>;
let privateKey: CryptoKey;

const session = (claims: Record<string, unknown> = {}, key = privateKey, alg = "ES256") =>
  new SignJWT({ name: "Ada", ...claims })
    .setProtectedHeader({ alg, kid: "k1" })
    .setSubject("user-42")
    .setIssuer("tessera-identity")
    .setAudience("tessera-storefront")
    .setExpirationTime("15m")
    .sign(key);

/** What an identity token says, as `sub@aud[roles]`, or "none". */
const who = (token: string | null) => {
  if (!token) return "none";
  const claims = decodeJwt(token);
  return `${claims.sub}@${claims.aud}[${(claims.roles as string[]).join(",")}]`;
};

beforeAll(async () => {
  const keys = await generateKeyPair("ES256");
  privateKey = keys.privateKey as CryptoKey;
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: "k1", alg: "ES256", use: "sig" };
  const registry = createMemoryRegistry();
  identity = await fakeInstance(registry, "identity", (request) => {
    const url = new URL(request.url);
    if (url.pathname === "/.well-known/jwks.json") return Response.json({ keys: [jwk] });
    return new Response(null, {
      status: 303,
      headers: [
        ["location", "/account"],
        ["set-cookie", "tessera_session=abc; Path=/; HttpOnly"],
        ["set-cookie", "tracking=1; Path=/"],
      ],
    });
  });
  checkout = await fakeInstance(registry, "checkout", async (request) => {
    const url = new URL(request.url);
    if (url.pathname === "/fragments/manifest.json")
      return Response.json(manifestOf("checkout", { "mini-cart": "/fragments/mini-cart" }));
    if (url.pathname === "/fragments/mini-cart")
      return new Response(
        `<p>cart=${request.headers.get("x-tessera-cart-id")} user=${who(request.headers.get("x-tessera-identity"))}</p>`,
        {
          headers: { "content-type": "text/html" },
        },
      );
    return Response.json(
      {
        path: url.pathname,
        body: await request.text(),
        cart: request.headers.get("x-tessera-cart-id"),
        cookie: request.headers.get("cookie"),
        user: who(request.headers.get("x-tessera-identity")),
        principal: request.headers.get("x-tessera-principal"),
      },
      {
        status: 200,
        headers: { "set-cookie": "tessera_cart=c1; Path=/; HttpOnly; SameSite=Lax", connection: "close" },
      },
    );
  });
  composer = await createComposer({
    registry,
    templates: {
      "/": '<body><tessera-fragment service="checkout" name="mini-cart"></tessera-fragment></body>',
      "/form": '<body><form method="post" action="/checkout/cart/add"><input name="sku"></form></body>',
      "/twice":
        '<body><tessera-fragment service="checkout" name="mini-cart"></tessera-fragment><tessera-fragment service="checkout" name="mini-cart" tier="deferred"></tessera-fragment></body>',
    },
    env: { LOG_LEVEL: "silent" },
    shellDist: "/nonexistent",
  });
});
afterAll(async () => {
  await composer.close();
  await identity.stop();
  await checkout.stop();
});

const miniCart = async (cookie: string) =>
  (await (await composer.app.request("/", { headers: { cookie } })).text()).replace(/<\/?body>/g, "");

/** The CSRF cookie and form token a page gives a new browser. */
async function csrf(): Promise<{ cookie: string; token: string }> {
  const page = await composer.app.request("/form");
  const cookie = /tessera_csrf=[^;]+/.exec(page.headers.get("set-cookie") ?? "")?.[0] as string;
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] as string;
  return { cookie, token };
}

describe("shopper context", () => {
  test("the cart cookie - reaches fragments as x-tessera-cart-id, never as a cookie", async () => {
    expect(await miniCart("tessera_cart=cart-1; other=x")).toBe("<p>cart=cart-1 user=none</p>");
    const last = checkout.requests.at(-1);
    expect(last?.headers.get("cookie")).toBeNull();
  });

  test("a valid ES256 session - becomes an internal token for checkout alone, with the token's subject and roles", async () => {
    expect(await miniCart(`tessera_session=${await session({ roles: ["operator"] })}`)).toBe(
      "<p>cart=null user=user-42@checkout[operator]</p>",
    );
  });

  test("the internal token - verifies with the composer's published JWKS (ES256, iss tessera-composer, aud checkout, 60 s)", async () => {
    await miniCart(`tessera_session=${await session()}`);
    const token = checkout.requests.at(-1)?.headers.get("x-tessera-identity") as string;
    const jwks = await (await composer.app.request("/.well-known/internal-jwks.json")).json();
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(jwks), {
      issuer: "tessera-composer",
      audience: "checkout",
      algorithms: ["ES256"],
    });
    expect(protectedHeader.alg).toBe("ES256");
    expect(payload.sub).toBe("user-42");
    expect((payload.exp as number) - (payload.iat as number)).toBe(60);
    expect(typeof payload.jti).toBe("string");
    expect(JSON.stringify(jwks)).not.toContain('"d"');
  });

  test("two fragments of one page from one service - share one internal token; the next page gets a new one", async () => {
    const tokens = async () => {
      const before = checkout.requests.length;
      const page = await composer.app.request("/twice", {
        headers: { cookie: `tessera_session=${await session()}` },
      });
      expect(await page.text()).toContain("user=user-42@checkout[]");
      return checkout.requests.slice(before).map((r) => r.headers.get("x-tessera-identity"));
    };
    const first = await tokens();
    expect(first).toHaveLength(2);
    expect(first[0]).toBeString();
    expect(first[1]).toBe(first[0] as string);
    const second = await tokens();
    expect(second[0]).not.toBe(first[0] as string);
  });

  test("a token signed by another key, an unsigned one (alg none) or garbage - means anonymous", async () => {
    const other = (await generateKeyPair("ES256")).privateKey as CryptoKey;
    const [header, payload] = (await session()).split(".");
    const none = `${Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url")}.${payload}.`;
    for (const token of [await session({}, other), none, `${header}.${payload}.xx`, "garbage"])
      expect(await miniCart(`tessera_session=${token}`)).toBe("<p>cart=null user=none</p>");
  });

  test("a token for another audience, another issuer, or expired - means anonymous", async () => {
    const base = () => new SignJWT({}).setProtectedHeader({ alg: "ES256", kid: "k1" }).setSubject("user-42");
    const tokens = [
      await base()
        .setIssuer("tessera-identity")
        .setAudience("elsewhere")
        .setExpirationTime("15m")
        .sign(privateKey),
      await base()
        .setIssuer("someone")
        .setAudience("tessera-storefront")
        .setExpirationTime("15m")
        .sign(privateKey),
      await base()
        .setIssuer("tessera-identity")
        .setAudience("tessera-storefront")
        .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
        .sign(privateKey),
    ];
    for (const token of tokens)
      expect(await miniCart(`tessera_session=${token}`)).toBe("<p>cart=null user=none</p>");
  });

  test("identity headers sent by the browser - never reach a service", async () => {
    await composer.app.request("/", {
      headers: { "x-tessera-identity": "forged", "x-tessera-principal": '{"sub":"x","roles":["operator"]}' },
    });
    const last = checkout.requests.at(-1);
    expect(last?.headers.get("x-tessera-identity")).toBeNull();
    expect(last?.headers.get("x-tessera-principal")).toBeNull();
  });
});

describe("form posts", () => {
  test("POST /checkout/* - reaches checkout at the same path with the body and the cart header; its cart cookie comes back", async () => {
    const { cookie, token } = await csrf();
    const body = `sku=CL-01-GR&quantity=1&_csrf=${token}`;
    const response = await composer.app.request("/checkout/cart/add", {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        cookie: `tessera_cart=cart-9; ${cookie}`,
      },
      body,
    });
    expect(await response.json()).toEqual({
      path: "/checkout/cart/add",
      body,
      cart: "cart-9",
      cookie: null,
      user: "none",
      principal: null,
    });
    expect(response.headers.getSetCookie()).toEqual(["tessera_cart=c1; Path=/; HttpOnly; SameSite=Lax"]);
    expect(response.headers.get("connection")).toBeNull();
  });

  test("POST /account/* - reaches identity; its status and Location pass back, only the session cookie with them", async () => {
    const { cookie, token } = await csrf();
    const response = await composer.app.request("/account/login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie },
      body: `email=a@b.c&_csrf=${token}`,
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/account");
    expect(response.headers.getSetCookie()).toEqual(["tessera_session=abc; Path=/; HttpOnly; SameSite=Lax"]);
  });
});
