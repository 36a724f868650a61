import { describe, expect, test } from "bun:test";
import { html } from "@tessera/chassis/html";
import { passwordField } from "./components.ts";
import { renderLoginPage } from "./login-page.ts";
import { IdentityPasswordField } from "./password-field.ts";
import { renderRegisterPage } from "./register-page.ts";
import { renderers } from "./server.ts";

/** The markup of `<identity-password-field>` elements: their shadow root and their light DOM. */
function passwordFields(markup: string): { shadow: string; light: string; open: string }[] {
  return [...markup.matchAll(/(<identity-password-field[^>]*>)([\s\S]*?)<\/identity-password-field>/g)].map(
    (m) => {
      const inner = m[2] ?? "";
      const end = inner.indexOf("</template>");
      return {
        open: m[1] ?? "",
        shadow: inner.slice(0, end),
        light: inner.slice(end + "</template>".length),
      };
    },
  );
}

describe("passwordField()", () => {
  test("the field - a declarative shadow root holding only a slot, the input in the light DOM (posted with the form)", () => {
    const markup = passwordField(
      html`<div class="field"><input id="x" name="password" type="password"></div>`,
      {
        toggleLabel: "Show the password",
        minlength: 10,
      },
    ).toString();
    const [field] = passwordFields(markup);
    expect(field?.open).toContain('toggle-label="Show the password"');
    expect(field?.open).toContain('minlength="10"');
    expect(field?.shadow).toStartWith('<template shadowroot="open" shadowrootmode="open">');
    expect(field?.shadow).toContain("<slot></slot>");
    expect(field?.shadow).not.toMatch(/<(input|select|textarea|button)\b/);
    expect(field?.light).toContain('<input id="x" name="password" type="password">');
  });

  test("the light DOM - inserted as the page built it (escaped once, not twice)", () => {
    const markup = passwordField(html`<input name="password" type="password" value="${'a"<b'}">`, {
      toggleLabel: "Show",
    }).toString();
    expect(markup).toContain('value="a&quot;&lt;b"');
    expect(markup).not.toContain("minlength=");
  });
});

describe("the pages' password fields", () => {
  test("sign-in - its password input inside the component, the email input not", () => {
    const markup = renderLoginPage({}).toString();
    const fields = passwordFields(markup);
    expect(fields).toHaveLength(1);
    expect(fields[0]?.light).toMatch(
      /<input id="login-password"[^>]*type="password"[^>]*autocomplete="current-password"/,
    );
    expect(fields[0]?.light).toContain('<label for="login-password">Password</label>');
    expect(fields[0]?.light).not.toContain("login-email");
  });

  test("registration - both password inputs wrapped, the live count only on the first", () => {
    const fields = passwordFields(renderRegisterPage({}).toString());
    expect(fields.map((f) => /id="(register-[a-zA-Z]+)"/.exec(f.light)?.[1])).toEqual([
      "register-password",
      "register-passwordConfirmation",
    ]);
    expect(fields[0]?.open).toContain('minlength="10"');
    expect(fields[1]?.open).not.toContain("minlength");
    expect(fields.map((f) => /toggle-label="([^"]+)"/.exec(f.open)?.[1])).toEqual([
      "Show the password",
      "Show the repeated password",
    ]);
  });
});

describe("IdentityPasswordField.countText", () => {
  test("short, one short, long enough - says how many characters are missing, then that it is enough", () => {
    expect(IdentityPasswordField.countText(0, 10)).toBe("10 more characters needed.");
    expect(IdentityPasswordField.countText(9, 10)).toBe("1 more character needed.");
    expect(IdentityPasswordField.countText(12, 10)).toBe("Long enough: 12 characters.");
  });
});

describe("renderers", () => {
  test("every fragment - JSON data in, the same HTML as its render function out", () => {
    const data = JSON.parse(JSON.stringify({ email: "a@b.co", returnTo: "/checkout/cart" }));
    expect(String(renderers["login-page"](data))).toBe(renderLoginPage(data).toString());
    expect(String(renderers["register-page"]({ name: "Ann" }))).toBe(
      renderRegisterPage({ name: "Ann" }).toString(),
    );
    expect(String(renderers["account-link"]({}))).toContain('<a href="/account/login">Sign in</a>');
    expect(String(renderers["account-link"]({ user: { name: "Ann" } }))).toContain(
      '<a href="/account">Ann</a>',
    );
    const account = String(renderers["account-page"]({ user: { name: "Ann", email: "a@b.co" }, orders: [] }));
    expect(account).toContain('data-boundary="identity/account-page"');
    expect(Object.keys(renderers).sort()).toEqual([
      "account-link",
      "account-page",
      "login-page",
      "register-page",
    ]);
  });
});
