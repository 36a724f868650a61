/**
 * Explore's page fragments: home (`explore/home-page`), listings (`explore/category-page`),
 * stores (`explore/stores-page`) and the recommendations strip (`explore/recommendations`).
 * Light-DOM server HTML with `explore-` classes; every product is a tile linking to its page.
 */

import { type Html, html, raw } from "@tessera/chassis/html";
import { shortName } from "./header";
import { STYLESHEET_LINK } from "./styles";
import { renderTiles } from "./tile";
import type { CategorySummary, ProductTile, StoreDetails } from "./types";

function crumbs(trail: { href?: string; label: string }[]): Html {
  return html`<nav class="explore-crumbs" aria-label="Breadcrumb"><ol>${trail.map((t) =>
    t.href
      ? html`<li><a href="${t.href}">${t.label}</a></li>`
      : html`<li aria-current="page">${t.label}</li>`,
  )}</ol></nav>`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Variants the team recommends, shown as the catalog team's own product cards (a nested fragment). */
export const STAFF_PICKS = ["CL-01-GR", "AU-01-SI", "CO-25-OR"];

export interface HomePageData {
  featured: ProductTile[];
  categories: (CategorySummary & { image?: string })[];
  productCount: number;
}

export function renderHomePage(data: HomePageData): string {
  const hero = data.featured[0];
  return html`<div class="explore-root explore-page explore-home" data-boundary="explore/home-page">
${STYLESHEET_LINK}
<section class="explore-hero" aria-labelledby="explore-home-title">
<div>
<p class="explore-hero-eyebrow">${data.productCount > 0 ? `${data.productCount} models this season` : "New season"}</p>
<h1 id="explore-home-title">Tractors for every field and every farmer</h1>
<p>From a restored 1950s workhorse to a robot that tills through the night: pick one online and collect it at one of our five stores.</p>
<p class="explore-hero-actions"><a class="explore-button" href="/products">Browse all tractors</a><a class="explore-button explore-button-ghost" href="/stores">Find a store</a></p>
</div>
${hero ? html`<img src="${hero.image}" alt="${hero.name}" width="800" height="600">` : ""}
</section>
<section class="explore-section" aria-labelledby="explore-home-featured">
<h2 id="explore-home-featured">Featured tractors</h2>
${renderTiles(data.featured, "Featured tractors", 3, "explore-tiles-3")}
</section>
<section class="explore-section" aria-labelledby="explore-home-picks">
<h2 id="explore-home-picks">Our team's picks</h2>
<div class="explore-picks">${STAFF_PICKS.map(
    (sku) => html`<tessera-fragment service="catalog" name="product-card" sku="${sku}"></tessera-fragment>`,
  )}</div>
</section>
<section class="explore-section" aria-labelledby="explore-home-categories">
<h2 id="explore-home-categories">Shop by category</h2>
<ul class="explore-cats">${data.categories.map(
    (c) =>
      html`<li><a class="explore-cat" href="/products/${encodeURIComponent(c.id)}">${c.image ? html`<img src="${c.image}" alt="" width="400" height="300" loading="lazy">` : ""}<strong>${c.name}</strong><span>${plural(c.productCount, "model", "models")}</span></a></li>`,
  )}</ul>
</section>
</div>`.toString();
}

export interface CategoryPageData {
  /** The category shown, or undefined for every product. */
  category?: CategorySummary;
  categories: CategorySummary[];
  tiles: ProductTile[];
}

export function renderCategoryPage(data: CategoryPageData): string {
  const title = data.category ? data.category.name : "All tractors";
  const filter = [{ id: undefined as string | undefined, name: "All", href: "/products" }].concat(
    data.categories.map((c) => ({
      id: c.id,
      name: shortName(c.name),
      href: `/products/${encodeURIComponent(c.id)}`,
    })),
  );
  return html`<div class="explore-root explore-page explore-listing" data-boundary="explore/category-page"${data.category ? html` data-category="${data.category.id}"` : ""}>
${STYLESHEET_LINK}
${crumbs(data.category ? [{ href: "/", label: "Home" }, { href: "/products", label: "All tractors" }, { label: title }] : [{ href: "/", label: "Home" }, { label: title }])}
<h1>${title}</h1>
<p class="explore-lead">${plural(data.tiles.length, "model", "models")}</p>
<nav class="explore-filter" aria-label="Categories"><ul>${filter.map(
    (f) =>
      html`<li><a href="${f.href}"${f.id === data.category?.id ? raw(' aria-current="page"') : ""}>${f.name}</a></li>`,
  )}</ul></nav>
${renderTiles(data.tiles, title, 2)}
</div>`.toString();
}

export function renderStoresPage(stores: StoreDetails[]): string {
  return html`<div class="explore-root explore-page explore-stores" data-boundary="explore/stores-page">
${STYLESHEET_LINK}
${crumbs([{ href: "/", label: "Home" }, { label: "Stores" }])}
<h1>Our stores</h1>
<p class="explore-lead">Order online and pick your tractor up at one of our ${plural(stores.length, "store", "stores")}: we hand it over fuelled or charged, with a test drive on our yard.</p>
<ul class="explore-stores-list">${stores.map(
    (s) => html`<li class="explore-store" id="${s.id}"><article aria-labelledby="${s.id}-name">
<h2 id="${s.id}-name">${s.name}</h2>
<address>${s.street}<br>${s.postalCode} ${s.city}<br>${s.country}<br><a href="tel:${s.phone.replace(/\s+/g, "")}">${s.phone.replace(/ /g, "\u00a0")}</a></address>
<h3>Opening hours</h3>
<dl>${s.hours.map((h) => html`<dt>${h.days}</dt><dd>${h.hours}</dd>`)}</dl>
</article></li>`,
  )}</ul>
</div>`.toString();
}

export function renderRecommendations(tiles: ProductTile[]): string {
  if (tiles.length === 0) {
    return `<section class="explore-root explore-recos" data-boundary="explore/recommendations" hidden></section>`;
  }
  return html`<section class="explore-root explore-recos" data-boundary="explore/recommendations" aria-labelledby="explore-recos-title">
${STYLESHEET_LINK}
<h2 id="explore-recos-title">You might also like</h2>
${renderTiles(tiles, "Recommended tractors")}
</section>`.toString();
}
