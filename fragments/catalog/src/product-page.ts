/**
 * The product page (`catalog/product-page`): a light-DOM server fragment with its own stylesheet
 * (`catalog-pp-…` classes, see styles.ts). The variant picker is a list of links, so it works without
 * JavaScript; the current variant carries `aria-current="page"`. Stock, add-to-cart and
 * recommendations are other teams' fragments, left as `<tessera-fragment>` tags for the composer.
 */
import { formatPrice, type Html, html, raw } from "@tessera/chassis/html";
import { STYLESHEET_LINK } from "./styles";

export interface ProductPageVariant {
  sku: string;
  name: string;
  color: string;
  colorName: string;
  price: number;
  currency: string;
  image: string;
}

export interface ProductPageData {
  id: string;
  name: string;
  description: string;
  category: { id: string; name: string };
  spec: { label: string; value: string }[];
  variants: ProductPageVariant[];
  /** The sku shown; one of `variants`. */
  sku: string;
}

/** Renders the page for `data.sku` (which must be one of its variants). */
export function renderProductPage(data: ProductPageData): string {
  const current = data.variants.find((v) => v.sku === data.sku) ?? data.variants[0];
  if (!current) throw new Error(`product ${data.id} has no variants to show`);
  const link = (sku: string) => `/product/${encodeURIComponent(data.id)}?sku=${encodeURIComponent(sku)}`;
  const picker: Html = html`<nav class="catalog-pp-picker" aria-labelledby="catalog-pp-colour">
<h2 id="catalog-pp-colour">Colour: ${current.colorName || current.name}</h2>
<ul>${data.variants.map(
    (v) =>
      html`<li><a href="${link(v.sku)}"${v.sku === current.sku ? raw(' aria-current="page"') : ""}><svg class="catalog-pp-dot" viewBox="0 0 24 24" aria-hidden="true"><circle cx="12" cy="12" r="11.5" fill="${safeColor(v.color)}" stroke="#00000059"/></svg>${v.colorName || v.name}</a></li>`,
  )}</ul>
</nav>`;
  return html`<article class="catalog-pp" data-boundary="catalog/product-page" data-product-id="${data.id}" data-sku="${current.sku}">
${STYLESHEET_LINK}
<nav class="catalog-pp-crumbs" aria-label="Breadcrumb"><ol><li><a href="/">Home</a></li><li><a href="/products/${data.category.id}">${data.category.name}</a></li><li aria-current="page">${data.name}</li></ol></nav>
<div class="catalog-pp-main">
<figure class="catalog-pp-figure"><img src="${current.image}" alt="${current.name}" width="800" height="600"></figure>
<div class="catalog-pp-info">
<h1>${data.name}</h1>
<p class="catalog-pp-sku">${current.colorName || current.name} · SKU ${current.sku}</p>
<p class="catalog-pp-price">${formatPrice(current.price, current.currency)}</p>
<p class="catalog-pp-desc">${data.description}</p>
${data.variants.length > 1 ? picker : ""}
<tessera-fragment service="inventory" name="stock" sku="${current.sku}"></tessera-fragment>
<tessera-fragment service="checkout" name="add-to-cart" sku="${current.sku}"></tessera-fragment>
</div>
</div>
<section class="catalog-pp-spec" aria-labelledby="catalog-pp-spec-title">
<h2 id="catalog-pp-spec-title">Specification</h2>
<table><tbody>${data.spec.map((row) => html`<tr><th scope="row">${row.label}</th><td>${row.value}</td></tr>`)}</tbody></table>
</section>
<div class="catalog-pp-more"><tessera-fragment service="explore" name="recommendations" sku="${current.sku}"></tessera-fragment></div>
</article>`.toString();
}

/** A CSS colour from the database, or a neutral grey when it is not a plain hex colour. */
function safeColor(color: string): string {
  return /^#[0-9a-fA-F]{3,8}$/.test(color) ? color : "#888888";
}
