/**
 * Server-side rendering of identity's fragments: plain HTML from escaped templates (they need no
 * client-side component). Each renderer returns {@link Html}; `toString()` is the markup.
 */

export { escapeHtml, Html, html } from "@tessera/chassis/html";
export { renderAccountLink } from "./account-link.ts";
export {
  type AccountPageData,
  ORDERS_UNAVAILABLE,
  type OrderView,
  renderAccountPage,
} from "./account-page.ts";
export { type LoginPageData, renderLoginPage } from "./login-page.ts";
export { formField, MESSAGES, shownMessage } from "./messages.ts";
export { type RegisterPageData, renderRegisterPage } from "./register-page.ts";
