/**
 * Server-side rendering of identity's fragments: escaped HTML templates holding identity's Lit
 * components rendered with Lit SSR (Declarative Shadow DOM, hydrated by the shell). Each renderer
 * returns {@link Html}; `toString()` is the markup.
 */
import type { Html } from "@tessera/chassis/html";
import { renderAccountLink } from "./account-link.ts";
import { type AccountPageData, renderAccountPage } from "./account-page.ts";
import { type LoginPageData, renderLoginPage } from "./login-page.ts";
import { type RegisterPageData, renderRegisterPage } from "./register-page.ts";

export { escapeHtml, Html, html } from "@tessera/chassis/html";
export { renderAccountLink } from "./account-link.ts";
export {
  type AccountPageData,
  ORDERS_UNAVAILABLE,
  type OrderView,
  renderAccountPage,
} from "./account-page.ts";
export { passwordField } from "./components.ts";
export { type LoginPageData, renderLoginPage } from "./login-page.ts";
export { formField, MESSAGES, shownMessage } from "./messages.ts";
export { type RegisterPageData, renderRegisterPage } from "./register-page.ts";

/**
 * Every fragment this package renders, one uniform shape (JSON data in, HTML out): what the
 * identity service calls for its built-in version, and what a deployed release's worker calls
 * (see @tessera/chassis/releases). The data is what the service already checked: messages from
 * the catalogue, a same-site `returnTo`.
 */
export const renderers = {
  "login-page": (data: LoginPageData): Html => renderLoginPage(data),
  "register-page": (data: RegisterPageData): Html => renderRegisterPage(data),
  "account-page": (data: AccountPageData): Html => renderAccountPage(data),
  "account-link": (data: { user?: { name: string } }): Html => renderAccountLink(data.user),
};
