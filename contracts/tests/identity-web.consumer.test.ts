/**
 * identity's browser side (`identity-web`: the sign-in, registration and account pages) → the
 * identity service, through the composer's form proxy (`POST /account/*`). Each form is rendered
 * by identity's real renderer; the test posts what a browser would post from it through the
 * composer's real form routes to Pact's mock and checks what the pages rely on: the `303` and its
 * `Location` (onwards, or back to the form with `?error=<message>&field=<name>`, which the form
 * page then shows), and the session cookie being set or cleared.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { MatchersV3, PactV4 } from "@pact-foundation/pact";
import {
  formField,
  MESSAGES,
  renderAccountPage,
  renderLoginPage,
  renderRegisterPage,
  shownMessage,
} from "../../fragments/identity/src/server.ts";
import { escapeRegex, formBody, postForm, servedPage, submit, throughComposer } from "../support/browser.ts";
import { identityHeaders } from "../support/identity-token.ts";
import { PACTS_DIR, stampPact, startPact } from "../support/pact.ts";

const { regex } = MatchersV3;
const CONSUMER = "identity-web";
const PROVIDER = "identity";

beforeAll(() => startPact(CONSUMER, PROVIDER));
afterAll(() => stampPact(CONSUMER, PROVIDER));

const pact = () => new PactV4({ consumer: CONSUMER, provider: PROVIDER, dir: PACTS_DIR, logLevel: "warn" });
/** A `?error=` value as the service writes it (URLSearchParams: spaces as `+`), as a regex. */
const encoded = (message: string) => escapeRegex(new URLSearchParams({ error: message }).toString());
const SESSION =
  "tessera_session=eyJhbGciOiJFUzI1NiJ9.e30.c2lnbmF0dXJl; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600";

const post = (mockUrl: string, action: string, body: string, headers: Record<string, string> = {}) =>
  throughComposer(mockUrl)(action, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body,
  });

/** The page the browser lands on after a failed post: the form page with the location's query. */
function failedPage(location: string, render: (error?: string, field?: string) => string): string {
  const query = new URL(location, "http://shop.test").searchParams;
  return render(query.get("error") ?? undefined, query.get("field") ?? undefined);
}

describe("identity-web → identity: the sign-in form", () => {
  const email = "ada@example.test";
  const password = "correct horse battery staple";
  const state = `a user with email ${email} exists`;

  test("sign in - the right password - 303 to the account page with a session cookie", async () => {
    const form = postForm(await servedPage(renderLoginPage({}).value), "/account/login");
    const body = submit(form, { email, password });
    await pact()
      .addInteraction()
      .given(state, { email, password, name: "Ada" })
      .uponReceiving("identity-web: the sign-in form with the right password")
      .withRequest("POST", "/account/login", (req) => formBody(req, body))
      .willRespondWith(303, (res) =>
        res.headers({
          location: regex("^/account$", "/account"),
          "set-cookie": regex("^tessera_session=[A-Za-z0-9_.-]+;.*$", SESSION),
        }),
      )
      .executeTest(async (mock) => {
        const answer = await post(mock.url, form.action, body);
        expect(answer.status).toBe(303);
        expect(answer.headers.get("location")).toBe("/account");
        expect(answer.headers.get("set-cookie")).toStartWith("tessera_session=");
      });
  }, 30_000);

  test("sign in - a wrong password - 303 back to the form, which shows the login-failed message", async () => {
    const form = postForm(await servedPage(renderLoginPage({}).value), "/account/login");
    const body = submit(form, { email, password: "not the password at all" });
    const example = `/account/login?${new URLSearchParams({ error: MESSAGES.loginFailed, email })}`;
    await pact()
      .addInteraction()
      .given(state, { email, password, name: "Ada" })
      .uponReceiving("identity-web: the sign-in form with a wrong password")
      .withRequest("POST", "/account/login", (req) => formBody(req, body))
      .willRespondWith(303, (res) =>
        res.headers({
          location: regex(`^/account/login\\?${encoded(MESSAGES.loginFailed)}(&.*)?$`, example),
        }),
      )
      .executeTest(async (mock) => {
        const answer = await post(mock.url, form.action, body);
        expect(answer.status).toBe(303);
        expect(answer.headers.get("set-cookie")).toBeNull();
        const page = failedPage(
          answer.headers.get("location") ?? "",
          (error) => renderLoginPage({ error: shownMessage(error), email }).value,
        );
        expect(page).toContain(`role="alert"><p>${MESSAGES.loginFailed}</p>`);
      });
  }, 30_000);
});

describe("identity-web → identity: the registration form", () => {
  const email = "grace@example.test";

  test("register - a new email and a good password - 303 to the account page with a session cookie", async () => {
    const form = postForm(await servedPage(renderRegisterPage({}).value), "/account/register");
    const password = "a long and uncommon passphrase";
    const body = submit(form, { name: "Grace", email, password, passwordConfirmation: password });
    await pact()
      .addInteraction()
      .given(`no user with email ${email}`, { email })
      .uponReceiving("identity-web: the registration form for a new shopper")
      .withRequest("POST", "/account/register", (req) => formBody(req, body))
      .willRespondWith(303, (res) =>
        res.headers({
          location: regex("^/account$", "/account"),
          "set-cookie": regex("^tessera_session=[A-Za-z0-9_.-]+;.*$", SESSION),
        }),
      )
      .executeTest(async (mock) => {
        const answer = await post(mock.url, form.action, body);
        expect(answer.status).toBe(303);
        expect(answer.headers.get("location")).toBe("/account");
        expect(answer.headers.get("set-cookie")).toStartWith("tessera_session=");
      });
  }, 30_000);

  test("register - a too short password - 303 back to the form, the message on the password field", async () => {
    const form = postForm(await servedPage(renderRegisterPage({}).value), "/account/register");
    const body = submit(form, { name: "Grace", email, password: "short", passwordConfirmation: "short" });
    const example = `/account/register?${new URLSearchParams({ error: MESSAGES.passwordTooShort, field: "password", name: "Grace", email })}`;
    await pact()
      .addInteraction()
      .given(`no user with email ${email}`, { email })
      .uponReceiving("identity-web: the registration form with a too short password")
      .withRequest("POST", "/account/register", (req) => formBody(req, body))
      .willRespondWith(303, (res) =>
        res.headers({
          location: regex(
            `^/account/register\\?${encoded(MESSAGES.passwordTooShort)}&field=password(&.*)?$`,
            example,
          ),
        }),
      )
      .executeTest(async (mock) => {
        const answer = await post(mock.url, form.action, body);
        expect(answer.status).toBe(303);
        const page = failedPage(
          answer.headers.get("location") ?? "",
          (error, field) =>
            renderRegisterPage({ error: shownMessage(error), field: formField(field), name: "Grace", email })
              .value,
        );
        expect(page).toContain(MESSAGES.passwordTooShort);
        expect(page).toMatch(/<input id="register-password"[^>]*aria-invalid="true"/);
      });
  }, 30_000);
});

describe("identity-web → identity: the account page's sign-out form", () => {
  test("sign out - a signed-in shopper - 303 home with the session cookie cleared", async () => {
    const html = renderAccountPage({ user: { name: "Ada", email: "ada@example.test" }, orders: [] }).value;
    const form = postForm(await servedPage(html), "/account/logout");
    const body = submit(form);
    expect([...new URLSearchParams(body).keys()]).toEqual(["_csrf"]);
    await pact()
      .addInteraction()
      .uponReceiving("identity-web: the account page's sign-out form")
      .withRequest("POST", "/account/logout", (req) => formBody(req, body))
      .willRespondWith(303, (res) =>
        res.headers({
          location: regex("^/$", "/"),
          "set-cookie": regex(
            "^tessera_session=;.*Max-Age=0.*$",
            "tessera_session=; Path=/; HttpOnly; Max-Age=0",
          ),
        }),
      )
      .executeTest(async (mock) => {
        const answer = await post(mock.url, form.action, body);
        expect(answer.status).toBe(303);
        expect(answer.headers.get("location")).toBe("/");
        expect(answer.headers.get("set-cookie")).toMatch(/^tessera_session=;.*Max-Age=0/);
      });
  }, 30_000);
});

describe("identity-web → identity: the account page's delivery address form", () => {
  // identity's user ids are UUIDs; the composer speaks for the signed-in shopper with an internal token
  const user = "6f1c2a4e-8d0b-4c57-9a3e-2b7d5e9f0a11";
  const state = `a user ${user} named Ada exists`;
  const accountPage = async () =>
    postForm(
      await servedPage(
        renderAccountPage({ user: { name: "Ada", email: "ada@example.test" }, orders: [] }).value,
      ),
      "/account/address",
    );
  const address = { name: "Ada Lovelace", street: "Hauptstraße 1", postcode: "10115", city: "Berlin" };

  test("address - a complete address - 303 to the account page, saved", async () => {
    const form = await accountPage();
    const body = submit(form, { ...address, country: "DE" });
    const identity = await identityHeaders(user, "identity");
    await pact()
      .addInteraction()
      .given(state)
      .uponReceiving("identity-web: the delivery address form, complete")
      .withRequest("POST", "/account/address", (req) => formBody(req.headers(identity), body))
      .willRespondWith(303, (res) => res.headers({ location: regex("^/account$", "/account") }))
      .executeTest(async (mock) => {
        const answer = await fetch(`${mock.url}/account/address`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", ...identity },
          body,
          redirect: "manual",
        });
        expect(answer.status).toBe(303);
        expect(answer.headers.get("location")).toBe("/account");
      });
  }, 30_000);

  test("address - a bad postcode - 303 back to the account page, which shows the message on the field", async () => {
    const form = await accountPage();
    const body = submit(form, { ...address, postcode: "!!", country: "DE" });
    const identity = await identityHeaders(user, "identity");
    const example = `/account?${new URLSearchParams({ error: MESSAGES.postcodeInvalid, field: "postcode" })}`;
    await pact()
      .addInteraction()
      .given(state)
      .uponReceiving("identity-web: the delivery address form with a bad postcode")
      .withRequest("POST", "/account/address", (req) => formBody(req.headers(identity), body))
      .willRespondWith(303, (res) =>
        res.headers({
          location: regex(`^/account\\?${encoded(MESSAGES.postcodeInvalid)}&field=postcode(&.*)?$`, example),
        }),
      )
      .executeTest(async (mock) => {
        const answer = await fetch(`${mock.url}/account/address`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", ...identity },
          body,
          redirect: "manual",
        });
        expect(answer.status).toBe(303);
        const query = new URL(answer.headers.get("location") ?? "", "http://shop.test").searchParams;
        expect(shownMessage(query.get("error") ?? undefined)).toBe(MESSAGES.postcodeInvalid);
        expect(formField(query.get("field") ?? undefined)).toBe("postcode");
      });
  }, 30_000);
});
