/**
 * The site header (`explore/header`): logo link home, navigation to every category and the
 * stores, and checkout's mini-cart as a nested fragment tag. On a phone the navigation folds into
 * a `<details>` menu, which opens and closes without JavaScript; from 80rem it is a row of links.
 * `current` (`home`, `products`, a category slug, `stores`) marks the active link with
 * `aria-current="page"`.
 */
import { type Html, html, raw } from "@tessera/chassis/html";
import { STYLESHEET_LINK } from "./styles";
import type { CategorySummary } from "./types";

export interface HeaderData {
  categories: CategorySummary[];
  current?: string;
}

const LOGO = raw(
  `<svg viewBox="0 0 48 36" aria-hidden="true" focusable="false"><rect x="8" y="10" width="22" height="12" rx="3" fill="#ffd166"/><rect x="22" y="3" width="12" height="13" rx="2" fill="#ffd166"/><rect x="25" y="6" width="7" height="7" rx="1" fill="#1f3a2b"/><circle cx="32" cy="26" r="9" fill="#fff"/><circle cx="32" cy="26" r="4" fill="#1f3a2b"/><circle cx="11" cy="29" r="6" fill="#fff"/><circle cx="11" cy="29" r="2.5" fill="#1f3a2b"/></svg>`,
);

/** `Classic tractors` → `Classic`: short labels for the navigation. */
export function shortName(name: string): string {
  return name.replace(/\s+tractors$/i, "");
}

function links(data: HeaderData): Html {
  const items = [
    { key: "products", href: "/products", label: "All tractors" },
    ...data.categories.map((c) => ({
      key: c.id,
      href: `/products/${encodeURIComponent(c.id)}`,
      label: shortName(c.name),
    })),
    { key: "stores", href: "/stores", label: "Stores" },
  ];
  return html`<ul>${items.map(
    (i) =>
      html`<li><a href="${i.href}"${i.key === data.current ? raw(' aria-current="page"') : ""}>${i.label}</a></li>`,
  )}</ul>`;
}

export function renderHeader(data: HeaderData): string {
  const nav = links(data);
  return html`<header class="explore-root explore-header" data-boundary="explore/header">
${STYLESHEET_LINK}
<div class="explore-header-bar">
<a class="explore-header-logo" href="/" aria-label="Tessera Tractors, home"${data.current === "home" ? raw(' aria-current="page"') : ""}>${LOGO}<span>Tessera<span class="explore-header-logo-rest"> Tractors</span></span></a>
<nav class="explore-header-nav" aria-label="Main">${nav}</nav>
<div class="explore-header-cart"><tessera-fragment service="checkout" name="mini-cart"></tessera-fragment></div>
<details class="explore-header-menu"><summary>Menu</summary><nav aria-label="Main menu">${nav}</nav></details>
</div>
</header>`.toString();
}
