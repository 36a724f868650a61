/**
 * Server-side rendering of identity's fragments: plain HTML from escaped templates (they need no
 * client-side component). Each renderer returns {@link SafeHtml}; `toString()` is the markup.
 */

export { renderAccountLink } from "./account-link.ts";
export {
  type AccountPageData,
  ORDERS_UNAVAILABLE,
  type OrderView,
  renderAccountPage,
} from "./account-page.ts";
export { escapeHtml, html, SafeHtml } from "./html.ts";
export { type LoginPageData, renderLoginPage } from "./login-page.ts";
export { formField, MESSAGES, shownMessage } from "./messages.ts";
export { type RegisterPageData, renderRegisterPage } from "./register-page.ts";
