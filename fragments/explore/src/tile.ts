/** A product tile: picture, category, name, price and colours, linking to the product page. */
import { formatPrice, type Html, html } from "@tessera/chassis/html";
import type { ProductTile } from "./types";

/** A CSS colour from an event, or a neutral grey when it is not a plain hex colour. */
export function safeColor(color: string): string {
  return /^#[0-9a-fA-F]{3,8}$/.test(color) ? color : "#888888";
}

/** The product page of a tile's variant. */
export function productHref(tile: Pick<ProductTile, "productId" | "sku">): string {
  return `/product/${encodeURIComponent(tile.productId)}?sku=${encodeURIComponent(tile.sku)}`;
}

/** One `<li>` tile; `heading` is the level of the name's heading (2 on a page of tiles, 3 in a section). */
export function renderTile(tile: ProductTile, heading: 2 | 3 = 3): Html {
  const price = `${tile.priceVaries ? "from " : ""}${formatPrice(tile.price.amount, tile.price.currency)}`;
  const name =
    heading === 2
      ? html`<h2 class="explore-tile-name">${tile.name}</h2>`
      : html`<h3 class="explore-tile-name">${tile.name}</h3>`;
  const colours =
    tile.colors.length > 0
      ? html`<span class="explore-tile-dots">${tile.colors.map(
          (c) =>
            html`<svg class="explore-tile-dot" viewBox="0 0 16 16" aria-hidden="true"><title>${c.name}</title><circle cx="8" cy="8" r="7.5" fill="${safeColor(c.color)}" stroke="#00000059"/></svg>`,
        )}<span class="explore-visually-hidden">${tile.colors.length === 1 ? "1 colour" : `${tile.colors.length} colours`}</span></span>`
      : "";
  return html`<li class="explore-tile" data-product-id="${tile.productId}"><a class="explore-tile-link" href="${productHref(tile)}">
<img src="${tile.image}" alt="" width="400" height="300" loading="lazy">
<span class="explore-tile-cat">${tile.categoryName}</span>
${name}
<span class="explore-tile-foot"><span class="explore-tile-price">${price}</span>${colours}</span>
</a></li>`;
}

/** A grid of tiles, or a friendly line when there are none. */
export function renderTiles(tiles: ProductTile[], label: string, heading: 2 | 3 = 3, modifier = ""): Html {
  if (tiles.length === 0)
    return html`<p class="explore-empty">No tractors to show here yet. Please check back soon.</p>`;
  return html`<ul class="explore-tiles${modifier ? ` ${modifier}` : ""}" aria-label="${label}">${tiles.map((t) => renderTile(t, heading))}</ul>`;
}
