/** The site footer (`explore/footer`): shop links, the stores, and who owns what. */

import { html } from "@tessera/chassis/html";
import { shortName } from "./header";
import { STYLESHEET_LINK } from "./styles";
import type { CategorySummary } from "./types";

export interface FooterData {
  categories: CategorySummary[];
  stores: { id: string; city: string }[];
}

export function renderFooter(data: FooterData): string {
  return html`<footer class="explore-root explore-footer" data-boundary="explore/footer">
${STYLESHEET_LINK}
<div class="explore-footer-inner">
<nav aria-labelledby="explore-footer-shop"><h2 id="explore-footer-shop">Shop</h2><ul>
<li><a href="/products">All tractors</a></li>
${data.categories.map((c) => html`<li><a href="/products/${encodeURIComponent(c.id)}">${shortName(c.name)}</a></li>`)}
</ul></nav>
<nav aria-labelledby="explore-footer-stores"><h2 id="explore-footer-stores">Stores</h2><ul>
${data.stores.map((s) => html`<li><a href="/stores#${s.id}">${s.city}</a></li>`)}
<li><a href="/stores">Opening hours</a></li>
</ul></nav>
<nav aria-labelledby="explore-footer-account"><h2 id="explore-footer-account">Your order</h2><ul>
<li><a href="/checkout/cart">Cart</a></li>
<li><a href="/account">Account and orders</a></li>
</ul></nav>
<div><h2>Tessera Tractors</h2><p>Classic, compact, utility, heavy-duty, electric and autonomous tractors, picked up at one of our five stores.</p></div>
<p class="explore-footer-legal">© 2026 Tessera Tractors · A micro-frontend storefront: every part of this page is owned by one team.</p>
</div>
</footer>`.toString();
}
