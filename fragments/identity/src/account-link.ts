/** `identity/account-link`: "Sign in" for a visitor, the shopper's name (linking to the account) once signed in. */
import { type Html, html } from "@tessera/chassis/html";
import { linkStyles } from "./styles.ts";

export function renderAccountLink(user: { name: string } | undefined): Html {
  const link = user ? html`<a href="/account">${user.name}</a>` : html`<a href="/account/login">Sign in</a>`;
  return html`<span data-boundary="identity/account-link">${linkStyles}${link}</span>`;
}
