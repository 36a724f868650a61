/**
 * Server-side rendering of the catalog fragment with Lit SSR (Declarative Shadow DOM).
 * Runs under Bun as is: Bun resolves lit's `node` export condition, which brings its own DOM shim.
 */
import { type RenderResult, render } from "@lit-labs/ssr";
import { html } from "lit";
import { type ProductPageData, renderProductPage } from "./product-page";
import "./index"; // defines <catalog-product-card> in the server's custom element registry

export type { RenderResult };

/** What the server needs to render one product card; `price` is in integer cents. */
export type ProductCardData = {
  sku: string;
  name: string;
  description: string;
  price: number;
  currency: string;
  image: string;
};

/**
 * Renders `<catalog-product-card>` with its shadow root as Declarative Shadow DOM.
 * The data goes in attributes, so the element reads the same values when it upgrades in the browser.
 */
export function renderProductCard(product: ProductCardData): RenderResult {
  return render(html`<catalog-product-card
    data-boundary="catalog/product-card"
    sku=${product.sku}
    name=${product.name}
    description=${product.description}
    price=${product.price}
    currency=${product.currency}
    image=${product.image}
  ></catalog-product-card>`);
}

export { escapeHtml, formatPrice, html, raw } from "@tessera/chassis/html";
export { renderToStream, renderToString } from "@tessera/chassis/ssr";
export { type ProductPageData, type ProductPageVariant, renderProductPage } from "./product-page";
export { PUBLIC_ASSETS, STYLESHEET, STYLESHEET_FILE } from "./styles";

/**
 * Every fragment this package renders, one uniform shape (JSON data in, render result or HTML
 * out): what the catalog service calls for its built-in version, and what a deployed release's
 * worker calls (see @tessera/chassis/releases).
 */
export const renderers = {
  "product-card": (data: ProductCardData) => renderProductCard(data),
  "product-page": (data: ProductPageData) => renderProductPage(data),
};
