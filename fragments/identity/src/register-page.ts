/**
 * `identity/register-page`: the registration form. Works without JavaScript (a plain form POST);
 * hydrated, each password field gets a show/hide toggle and a Caps Lock warning, the first a live
 * count of the characters still needed (`<identity-password-field>`).
 */

import { type Html, html } from "@tessera/chassis/html";
import { passwordField } from "./components.ts";
import { errorSummary, type FormState, input, returnToField } from "./form-parts.ts";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./messages.ts";
import { pageStyles } from "./styles.ts";

export interface RegisterPageData extends FormState {
  /** What was entered before (never the passwords). */
  name?: string;
  email?: string;
  returnTo?: string;
}

export function renderRegisterPage(data: RegisterPageData): Html {
  const errorId = "register-error";
  const login = data.returnTo
    ? `/account/login?returnTo=${encodeURIComponent(data.returnTo)}`
    : "/account/login";
  return html`<section class="identity-page" data-boundary="identity/register-page" aria-labelledby="register-title">
${pageStyles}
<h1 id="register-title">Create an account</h1>
${errorSummary(errorId, data)}
<form method="post" action="/account/register">
${returnToField(data.returnTo)}
${input({ form: "register", name: "name", label: "Name", type: "text", autocomplete: "name", value: data.name, maxlength: 100, state: data, errorId })}
${input({ form: "register", name: "email", label: "Email address", type: "email", autocomplete: "email", value: data.email, maxlength: 254, state: data, errorId })}
${passwordField(input({ form: "register", name: "password", label: "Password", type: "password", autocomplete: "new-password", hint: `At least ${PASSWORD_MIN_LENGTH} characters. A few words you can remember are strong.`, minlength: PASSWORD_MIN_LENGTH, maxlength: PASSWORD_MAX_LENGTH, state: data, errorId }), { toggleLabel: "Show the password", minlength: PASSWORD_MIN_LENGTH })}
${passwordField(input({ form: "register", name: "passwordConfirmation", label: "Repeat the password", type: "password", autocomplete: "new-password", maxlength: PASSWORD_MAX_LENGTH, state: data, errorId }), { toggleLabel: "Show the repeated password" })}
<button type="submit">Create account</button>
</form>
<p>Already have an account? <a href="${login}">Sign in</a></p>
</section>`;
}
