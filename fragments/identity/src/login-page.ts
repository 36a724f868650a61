/**
 * `identity/login-page`: the sign-in form. Works without JavaScript (a plain form POST); hydrated,
 * the password field gets a show/hide toggle and a Caps Lock warning (`<identity-password-field>`).
 */

import { type Html, html } from "@tessera/chassis/html";
import { passwordField } from "./components.ts";
import { errorSummary, type FormState, input, returnToField } from "./form-parts.ts";
import { PASSWORD_MAX_LENGTH } from "./messages.ts";
import { pageStyles } from "./styles.ts";

export interface LoginPageData extends FormState {
  /** The email entered before (never the password). */
  email?: string;
  /** A same-site path to go to after signing in. */
  returnTo?: string;
}

export function renderLoginPage(data: LoginPageData): Html {
  const errorId = "login-error";
  const register = data.returnTo
    ? `/account/register?returnTo=${encodeURIComponent(data.returnTo)}`
    : "/account/register";
  return html`<section class="identity-page" data-boundary="identity/login-page" aria-labelledby="login-title">
${pageStyles}
<h1 id="login-title">Sign in</h1>
${errorSummary(errorId, data)}
<form method="post" action="/account/login">
${returnToField(data.returnTo)}
${input({ form: "login", name: "email", label: "Email address", type: "email", autocomplete: "username", value: data.email, maxlength: 254, state: data, errorId, formWide: true })}
${passwordField(input({ form: "login", name: "password", label: "Password", type: "password", autocomplete: "current-password", maxlength: PASSWORD_MAX_LENGTH, state: data, errorId, formWide: true }), { toggleLabel: "Show the password" })}
<button type="submit">Sign in</button>
</form>
<p>New to Tessera Tractors? <a href="${register}">Create an account</a></p>
</section>`;
}
