import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createMemoryRegistry } from "@tessera/chassis/registry";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
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
        `<p>cart=${request.headers.get("x-tessera-cart-id")} user=${request.headers.get("x-tessera-user")}</p>`,
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

describe("shopper context", () => {
  test("the cart cookie - reaches fragments as x-tessera-cart-id, never as a cookie", async () => {
    expect(await miniCart("tessera_cart=cart-1; other=x")).toBe("<p>cart=cart-1 user=null</p>");
    const last = checkout.requests.at(-1);
    expect(last?.headers.get("cookie")).toBeNull();
  });

  test("a valid ES256 session - becomes x-tessera-user with the token's subject", async () => {
    expect(await miniCart(`tessera_session=${await session()}`)).toBe("<p>cart=null user=user-42</p>");
  });

  test("a token signed by another key, an unsigned one (alg none) or garbage - means anonymous", async () => {
    const other = (await generateKeyPair("ES256")).privateKey as CryptoKey;
    const [header, payload] = (await session()).split(".");
    const none = `${Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url")}.${payload}.`;
    for (const token of [await session({}, other), none, `${header}.${payload}.xx`, "garbage"])
      expect(await miniCart(`tessera_session=${token}`)).toBe("<p>cart=null user=null</p>");
  });

  test("a token for another audience - means anonymous", async () => {
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: "ES256", kid: "k1" })
      .setSubject("user-42")
      .setIssuer("tessera-identity")
      .setAudience("elsewhere")
      .setExpirationTime("15m")
      .sign(privateKey);
    expect(await miniCart(`tessera_session=${token}`)).toBe("<p>cart=null user=null</p>");
  });
});

describe("form posts", () => {
  test("POST /checkout/* - reaches checkout at the same path with the body and the cart header; its cart cookie comes back", async () => {
    const response = await composer.app.request("/checkout/cart/add", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: "tessera_cart=cart-9" },
      body: "sku=CL-01-GR&quantity=1",
    });
    expect(await response.json()).toEqual({
      path: "/checkout/cart/add",
      body: "sku=CL-01-GR&quantity=1",
      cart: "cart-9",
      cookie: null,
    });
    expect(response.headers.getSetCookie()).toEqual(["tessera_cart=c1; Path=/; HttpOnly; SameSite=Lax"]);
    expect(response.headers.get("connection")).toBeNull();
  });

  test("POST /account/* - reaches identity; its status and Location pass back, only the session cookie with them", async () => {
    const response = await composer.app.request("/account/login", { method: "POST", body: "email=a@b.c" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/account");
    expect(response.headers.getSetCookie()).toEqual(["tessera_session=abc; Path=/; HttpOnly"]);
  });
});
