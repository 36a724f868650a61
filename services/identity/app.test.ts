import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { BuiltService } from "@tessera/chassis/service";
import { MESSAGES } from "@tessera/identity-fragments/messages";
import { eq, sql } from "drizzle-orm";
import { auditLog, users } from "./db/schema.ts";
import {
  asUser,
  buildIdentity,
  FORM,
  JSON_FORM,
  newShopper,
  postForm,
  sessionToken,
} from "./test-support.ts";
import { createSessionVerifier } from "./tokens/verifier.ts";

let service: BuiltService;
beforeAll(async () => {
  service = await buildIdentity();
});
afterAll(() => service.close());

const db = () => service.ctx.database.db;
const jwks = async () => (await service.app.request("/.well-known/jwks.json")).json();
const auditFor = async (userId: string) =>
  db().select().from(auditLog).where(eq(auditLog.userId, userId)).orderBy(auditLog.id);

describe("identity — register, login, token", () => {
  test("register then login - issues a session token the JWKS verifies with the user's claims", async () => {
    const shopper = newShopper({ name: "Ann Example" });
    const registered = await postForm(service, "/account/register", shopper);
    expect(registered.status).toBe(303);
    expect(registered.headers.get("location")).toBe("/account");

    const login = await postForm(service, "/account/login", {
      email: shopper.email,
      password: shopper.password,
    });
    expect(login.status).toBe(303);
    expect(login.headers.get("location")).toBe("/account");
    const token = sessionToken(login);
    expect(token).toBeDefined();

    const claims = await createSessionVerifier(await jwks())(token as string);
    const [user] = await db().select().from(users).where(eq(users.email, shopper.email));
    expect(claims).toMatchObject({ sub: user?.id, name: "Ann Example", email: shopper.email });
    expect(claims.exp - claims.iat).toBe(15 * 60);
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("register - stores an Argon2id hash, never the password", async () => {
    const shopper = newShopper();
    await postForm(service, "/account/register", shopper);
    const [user] = await db().select().from(users).where(eq(users.email, shopper.email));
    expect(user?.passwordHash).toStartWith("$argon2id$");
    expect(user?.passwordHash).not.toContain(shopper.password);
  });

  test("register with a same-site returnTo - redirects there; with another site's - to /account", async () => {
    const here = await postForm(service, "/account/register", {
      ...newShopper(),
      returnTo: "/checkout/cart?x=1",
    });
    expect(here.headers.get("location")).toBe("/checkout/cart?x=1");
    for (const returnTo of ["//evil.example/", "https://evil.example/", "/\\evil.example"]) {
      const away = await postForm(service, "/account/register", { ...newShopper(), returnTo });
      expect(away.headers.get("location")).toBe("/account");
    }
  });

  test("register with accept JSON - answers 201 with the user and sets the cookie, no token in the body", async () => {
    const shopper = newShopper();
    const response = await postForm(service, "/account/register", shopper, JSON_FORM);
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body.user).toMatchObject({ name: shopper.name, email: shopper.email });
    expect(JSON.stringify(body)).not.toContain(sessionToken(response) as string);
  });

  test("login with JSON body - answers 200 with the user", async () => {
    const shopper = newShopper();
    await postForm(service, "/account/register", shopper);
    const response = await service.app.request("/account/login", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ email: shopper.email.toUpperCase(), password: shopper.password }),
    });
    expect(response.status).toBe(200);
    expect((await response.json()).user.email).toBe(shopper.email);
  });
});

describe("identity — the session cookie", () => {
  test("login - sets tessera_session with Path=/, HttpOnly, SameSite=Lax and no Secure by default", async () => {
    const shopper = newShopper();
    const response = await postForm(service, "/account/register", shopper);
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toStartWith("tessera_session=");
    expect(cookie).toContain("; Path=/");
    expect(cookie).toContain("; HttpOnly");
    expect(cookie).toContain("; SameSite=Lax");
    expect(cookie).toContain("; Max-Age=900");
    expect(cookie).not.toContain("Secure");
  });

  test("login behind TLS (BEHIND_TLS=true) - the cookie is Secure", async () => {
    const tls = await buildIdentity({ BEHIND_TLS: "true" });
    try {
      const response = await postForm(tls, "/account/register", newShopper());
      expect(response.headers.get("set-cookie")).toContain("; Secure");
    } finally {
      await tls.close();
    }
  });

  test("logout - clears the cookie, redirects home and audits who signed out", async () => {
    const shopper = newShopper();
    await postForm(service, "/account/register", shopper);
    const [user] = await db().select().from(users).where(eq(users.email, shopper.email));
    const response = await postForm(
      service,
      "/account/logout",
      {},
      { ...FORM, ...(await asUser(user?.id ?? "")) },
    );
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/");
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^tessera_session=;/);
    expect(cookie).toContain("Max-Age=0");
    expect(cookie).toContain("Path=/");
    expect((await auditFor(user?.id ?? "")).map((e) => e.action)).toEqual(["register", "logout"]);
  });

  test("logout with accept JSON and no body - clears the cookie and answers JSON", async () => {
    const response = await service.app.request("/account/logout", {
      method: "POST",
      headers: { accept: "application/json" },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ signedOut: true });
    expect(response.headers.get("set-cookie")).toContain("Max-Age=0");
  });
});

describe("identity — failures", () => {
  test("login with a wrong password - 303 back to the form with the message and the email, never the password", async () => {
    const shopper = newShopper();
    await postForm(service, "/account/register", shopper);
    const response = await postForm(service, "/account/login", {
      email: shopper.email,
      password: "not-the-password",
      returnTo: "/checkout/checkout",
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("set-cookie")).toBeNull();
    const location = new URL(response.headers.get("location") ?? "", "http://shop");
    expect(location.pathname).toBe("/account/login");
    expect(location.searchParams.get("error")).toBe(MESSAGES.loginFailed);
    expect(location.searchParams.get("email")).toBe(shopper.email);
    expect(location.searchParams.get("returnTo")).toBe("/checkout/checkout");
    expect(location.search).not.toContain("not-the-password");
  });

  test("login with a wrong password and with an unknown email - the same 401 answer (no enumeration)", async () => {
    const shopper = newShopper();
    await postForm(service, "/account/register", shopper);
    const wrong = await postForm(
      service,
      "/account/login",
      { email: shopper.email, password: "x".repeat(12) },
      JSON_FORM,
    );
    const unknown = await postForm(
      service,
      "/account/login",
      { email: "nobody@example.com", password: "x".repeat(12) },
      JSON_FORM,
    );
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.headers.get("content-type")).toBe("application/problem+json");
    const [a, b] = [await wrong.json(), await unknown.json()];
    expect(a.detail).toBe(MESSAGES.loginFailed);
    expect(b.detail).toBe(a.detail);
  });

  test("register with a taken email in another case - 409, and nothing is written twice", async () => {
    const shopper = newShopper();
    await postForm(service, "/account/register", shopper);
    const again = await postForm(
      service,
      "/account/register",
      { ...shopper, email: shopper.email.toUpperCase(), name: "Someone Else" },
      JSON_FORM,
    );
    expect(again.status).toBe(409);
    expect((await again.json()).detail).toBe(MESSAGES.emailTaken);
    const rows = await db().select().from(users).where(sql`lower(${users.email}) = lower(${shopper.email})`);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.name).toBe(shopper.name);
    const registrations = await db()
      .select()
      .from(auditLog)
      .where(sql`${auditLog.action} = 'register' and lower(${auditLog.email}) = lower(${shopper.email})`);
    expect(registrations).toHaveLength(1);
  });

  test("register with a taken email from a form - 303 back with the message, the field and the email", async () => {
    const shopper = newShopper();
    await postForm(service, "/account/register", shopper);
    const again = await postForm(service, "/account/register", shopper);
    const location = new URL(again.headers.get("location") ?? "", "http://shop");
    expect(location.pathname).toBe("/account/register");
    expect(location.searchParams.get("error")).toBe(MESSAGES.emailTaken);
    expect(location.searchParams.get("field")).toBe("email");
  });

  test("register with a short password - 422 naming body.password, and no user written", async () => {
    const shopper = newShopper({ password: "short", passwordConfirmation: "short" });
    const response = await postForm(service, "/account/register", shopper, JSON_FORM);
    expect(response.status).toBe(422);
    const problem = await response.json();
    expect(problem.detail).toContain(`body.password: ${MESSAGES.passwordTooShort}`);
    expect(problem.errors).toContainEqual({ path: "body.password", message: MESSAGES.passwordTooShort });
    expect(await db().select().from(users).where(eq(users.email, shopper.email))).toHaveLength(0);
  });

  test("register with every field wrong - the problem names each field", async () => {
    const response = await postForm(
      service,
      "/account/register",
      { name: "", email: "not-an-email", password: "1234567890", passwordConfirmation: "else" },
      JSON_FORM,
    );
    expect(response.status).toBe(422);
    const paths = (await response.json()).errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(["body.name", "body.email", "body.password", "body.passwordConfirmation"]);
  });

  test("register from a form with mismatched passwords - 303 back naming the field, keeping name and email only", async () => {
    const shopper = newShopper({ passwordConfirmation: "something-else-entirely" });
    const response = await postForm(service, "/account/register", shopper);
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get("location") ?? "", "http://shop");
    expect(location.pathname).toBe("/account/register");
    expect(location.searchParams.get("error")).toBe(MESSAGES.passwordMismatch);
    expect(location.searchParams.get("field")).toBe("passwordConfirmation");
    expect(location.searchParams.get("name")).toBe(shopper.name);
    expect(location.searchParams.get("email")).toBe(shopper.email);
    expect(location.search).not.toContain("tractor");
  });

  test("register with a body that is neither a form nor JSON - 415 problem", async () => {
    const response = await service.app.request("/account/register", {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "hello",
    });
    expect(response.status).toBe(415);
  });

  test("login with a body over 16 KiB - 413 problem, nothing read", async () => {
    const response = await postForm(service, "/account/login", {
      email: "a@example.com",
      password: "x".repeat(20_000),
    });
    expect(response.status).toBe(413);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
  });
});

describe("identity — audit log", () => {
  test("register, a failed login, login, logout - each audited with who, what, when and the trace id", async () => {
    const shopper = newShopper();
    await postForm(service, "/account/register", shopper);
    const [user] = await db().select().from(users).where(eq(users.email, shopper.email));
    const id = user?.id ?? "";
    await postForm(service, "/account/login", { email: shopper.email, password: "wrong-password!" });
    await postForm(service, "/account/login", { email: shopper.email, password: shopper.password });
    await postForm(service, "/account/logout", {}, { ...FORM, ...(await asUser(id)) });

    const response = await service.app.request(`/api/audit?user=${id}`, { headers: await asUser(id) });
    expect(response.status).toBe(200);
    const { items } = await response.json();
    expect(items.map((e: { action: string }) => e.action)).toEqual([
      "logout",
      "login",
      "login-failed",
      "register",
    ]);
    for (const entry of items) {
      expect(entry).toMatchObject({ userId: id, email: shopper.email });
      expect(entry.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(Number.isNaN(Date.parse(entry.occurredAt))).toBe(false);
    }
  });

  test("a failed login for an unknown email - audited with the email tried and no user", async () => {
    const email = `ghost.${crypto.randomUUID()}@example.com`;
    await postForm(service, "/account/login", { email, password: "whatever-password" });
    const rows = await db().select().from(auditLog).where(eq(auditLog.email, email));
    expect(rows).toMatchObject([{ action: "login-failed", userId: null }]);
  });

  test("GET /api/audit without an identity token - 401; for another user - 403; a plain x-tessera-user is ignored", async () => {
    const id = crypto.randomUUID();
    expect((await service.app.request(`/api/audit?user=${id}`)).status).toBe(401);
    const forged = await service.app.request(`/api/audit?user=${id}`, { headers: { "x-tessera-user": id } });
    expect(forged.status).toBe(401);
    const other = await service.app.request(`/api/audit?user=${id}`, {
      headers: await asUser(crypto.randomUUID()),
    });
    expect(other.status).toBe(403);
  });

  test("GET /api/audit with a user that is not an id - 422 naming query.user", async () => {
    const response = await service.app.request("/api/audit?user=bob", { headers: await asUser("bob") });
    expect(response.status).toBe(422);
    expect((await response.json()).detail).toContain("query.user");
  });

  test("the audit table - refuses UPDATE and DELETE (append-only)", async () => {
    await postForm(service, "/account/register", newShopper());
    const refusal = (query: Promise<unknown>) =>
      query.then(
        () => "allowed",
        (error: Error) => String((error.cause as Error | undefined)?.message ?? error.message),
      );
    expect(await refusal(db().update(auditLog).set({ action: "login" }).execute())).toContain(
      "audit_log is append-only: UPDATE",
    );
    expect(await refusal(db().delete(auditLog).execute())).toContain("audit_log is append-only: DELETE");
    expect((await db().select().from(auditLog)).length).toBeGreaterThan(0);
  });
});

describe("identity — JWKS", () => {
  test("GET /.well-known/jwks.json - public ES256 keys only, cacheable for a minute", async () => {
    const response = await service.app.request("/.well-known/jwks.json");
    expect(response.headers.get("cache-control")).toBe("public, max-age=60");
    const { keys } = await response.json();
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig" });
      expect(key.kid).toBeString();
      expect(key.d).toBeUndefined();
    }
  });
});
