import { describe, expect, test } from "bun:test";
import { renderAccountLink } from "./account-link.ts";
import { renderAccountPage } from "./account-page.ts";
import { renderLoginPage } from "./login-page.ts";
import { MESSAGES, shownMessage } from "./messages.ts";
import { renderRegisterPage } from "./register-page.ts";

const inputs = (markup: string) => [...markup.matchAll(/<input [^>]*>/g)].map((m) => m[0]);

describe("renderLoginPage", () => {
  test("without an error - a labelled form posting to /account/login with the right autocomplete, nothing invalid", () => {
    const markup = renderLoginPage({}).toString();
    expect(markup).toContain('<form method="post" action="/account/login">');
    expect(markup).toContain('<label for="login-email">Email address</label>');
    expect(markup).toContain('<label for="login-password">Password</label>');
    expect(markup).toMatch(/id="login-email"[^>]*autocomplete="username"/);
    expect(markup).toMatch(/id="login-password"[^>]*type="password"[^>]*autocomplete="current-password"/);
    expect(inputs(markup).filter((i) => i.includes("aria-invalid"))).toEqual([]);
    expect(markup).not.toContain('role="alert"');
    expect(markup).toContain(":focus-visible");
  });

  test("with a form-wide error - both inputs point at the message, the email input takes focus", () => {
    const markup = renderLoginPage({ error: MESSAGES.loginFailed, email: "a@b.co" }).toString();
    const [email, password] = inputs(markup);
    expect(email).toContain('aria-describedby="login-error"');
    expect(email).toContain("autofocus");
    expect(password).toContain('aria-describedby="login-error"');
    expect(password).not.toContain("value=");
  });

  test("with a returnTo - carries it in the form and in the register link", () => {
    const markup = renderLoginPage({ returnTo: "/checkout/cart" }).toString();
    expect(markup).toContain('<input type="hidden" name="returnTo" value="/checkout/cart">');
    expect(markup).toContain('href="/account/register?returnTo=%2Fcheckout%2Fcart"');
  });
});

describe("renderRegisterPage", () => {
  test("the form - every input labelled, with name/email/new-password autocomplete and the password hint", () => {
    const markup = renderRegisterPage({}).toString();
    for (const [field, autocomplete] of [
      ["name", "name"],
      ["email", "email"],
      ["password", "new-password"],
      ["passwordConfirmation", "new-password"],
    ]) {
      expect(markup).toContain(`<label for="register-${field}">`);
      expect(markup).toMatch(
        new RegExp(`id="register-${field}" name="${field}"[^>]*autocomplete="${autocomplete}"`),
      );
    }
    expect(markup).toMatch(/id="register-password"[^>]*aria-describedby="register-password-hint"/);
  });

  test("with an error about one field - only that input is invalid and focused", () => {
    const markup = renderRegisterPage({
      error: MESSAGES.emailTaken,
      field: "email",
      email: "a@b.co",
    }).toString();
    const invalid = inputs(markup).filter((i) => i.includes('aria-invalid="true"'));
    expect(invalid).toHaveLength(1);
    expect(invalid[0]).toContain('id="register-email"');
    expect(invalid[0]).toContain("autofocus");
  });
});

describe("renderAccountPage", () => {
  const user = { name: "Ann", email: "ann@example.com" };

  test("with a saved address - shows it and prefills the form, the country selected by its code", () => {
    const address = { name: "Ann", street: "Kade 1", postcode: "1011 AB", city: "Amsterdam", country: "NL" };
    const markup = renderAccountPage({ user, orders: [], address }).toString();
    expect(markup).toContain(
      '<address data-address="saved">Ann<br>Kade 1<br>1011 AB Amsterdam<br>Netherlands</address>',
    );
    expect(markup).toContain('<form method="post" action="/account/address"');
    expect(markup).toContain('<label for="address-country">Country</label>');
    expect(markup).toContain('<option value="NL" selected>Netherlands</option>');
    expect(inputs(markup).find((i) => i.includes('name="street"'))).toContain('value="Kade 1"');
    expect(markup).not.toContain('role="alert"');
  });

  test("after a refused address - the message as an alert, the field marked, what was typed kept", () => {
    const markup = renderAccountPage({
      user,
      orders: [],
      addressForm: { error: MESSAGES.cityRequired, field: "city", typed: { street: "Kade 1", city: "" } },
    }).toString();
    expect(markup).toContain(
      `<div class="error" id="address-error" role="alert"><p>${MESSAGES.cityRequired}</p></div>`,
    );
    const city = inputs(markup).find((i) => i.includes('name="city"'));
    expect(city).toContain('aria-invalid="true"');
    expect(city).toContain('aria-describedby="address-error"');
    expect(markup).toContain('data-address="none"');
  });

  test("with orders unavailable - says so, and still offers sign-out", () => {
    const markup = renderAccountPage({ user, orders: undefined }).toString();
    expect(markup).toContain("Your orders cannot be shown right now.");
    expect(markup).toContain('action="/account/logout"');
  });

  test("with an order - a table of its lines with quantities and prices", () => {
    const markup = renderAccountPage({
      user,
      orders: [
        {
          id: "ORD-1",
          state: "cancelled",
          placedAt: "2026-11-20T10:15:00Z",
          total: { amount: 1999, currency: "EUR" },
          lines: [{ sku: "S-1", name: "Seat", quantity: 1, unitPrice: { amount: 1999, currency: "EUR" } }],
        },
      ],
    }).toString();
    expect(markup).toContain("Order ORD-1");
    expect(markup).toContain('<time datetime="2026-11-20T10:15:00Z">Nov 20, 2026, 10:15 AM</time>');
    expect(markup).toContain("Cancelled");
    expect(markup).toContain('<th scope="col">Item</th>');
    expect(markup).toContain("€19.99");
  });
});

describe("renderAccountLink", () => {
  test("for a visitor and for a shopper - Sign in, or the escaped name linking to /account", () => {
    expect(renderAccountLink(undefined).toString()).toContain('<a href="/account/login">Sign in</a>');
    expect(renderAccountLink({ name: "<b>Bo</b>" }).toString()).toContain(
      '<a href="/account">&lt;b&gt;Bo&lt;/b&gt;</a>',
    );
  });
});

describe("shownMessage", () => {
  test("a catalogue message - shown as is; any other text - the generic message; none - nothing", () => {
    expect(shownMessage(MESSAGES.passwordMismatch)).toBe(MESSAGES.passwordMismatch);
    expect(shownMessage("Your account is locked")).toBe(MESSAGES.unknown);
    expect(shownMessage(undefined)).toBeUndefined();
  });
});
