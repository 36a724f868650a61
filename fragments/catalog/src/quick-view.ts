/**
 * `<catalog-quick-view>`: a product's quick view (a client-only region), and the call it makes.
 */
import { REGION_REQUESTED, type RegionRequestedDetail } from "@tessera/contracts/dom-events";
import { css, html, LitElement, nothing } from "lit";

/**
 * Checkout's add-to-cart, composed in the browser: the quick view renders the element and asks
 * the shell to define it (checkout's federated module); it never calls the cart itself.
 */
export const ADD_TO_CART = { module: "checkout/add-to-cart", element: "checkout-add-to-cart" } as const;

/** A variant as `GET /api/catalog/products/:sku` gives it (the fields shown). */
export interface QuickViewProduct {
  sku: string;
  productId: string;
  productName: string;
  name: string;
  description: string;
  colorName: string;
  price: { amount: number; currency: string };
  image: string;
}

/** Reads a variant from the gateway; throws on a non-2xx answer. */
export async function fetchProduct(sku: string, fetcher: typeof fetch = fetch): Promise<QuickViewProduct> {
  const url = `/api/catalog/products/${encodeURIComponent(sku)}`;
  const response = await fetcher(url, { headers: { accept: "application/json" } });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return (await response.json()) as QuickViewProduct;
}

const price = (p: { amount: number; currency: string }) => {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency: p.currency }).format(p.amount / 100);
  } catch {
    return `${(p.amount / 100).toFixed(2)} ${p.currency}`;
  }
};

/**
 * `<catalog-quick-view sku>`: a client-only region (never server-rendered), mounted by the shell when
 * a shopper asks a product card for a quick view. A modal `<dialog>` with the variant's picture,
 * name, description and price (`GET /api/catalog/products/:sku`), checkout's
 * `<checkout-add-to-cart>` (which posts to the cart with the page's CSRF token and dispatches
 * `checkout:cart-updated`, so the header's mini-cart counts it) and a link to the product page.
 * If checkout's module cannot load, the link remains. Escape or the close button closes it and
 * focus returns to the opener.
 */
export class CatalogQuickView extends LitElement {
  static override properties = {
    sku: { type: String },
    product: { state: true },
    failed: { state: true },
    cart: { state: true },
  };

  static override styles = css`
    dialog {
      inline-size: min(34rem, calc(100vw - 2rem));
      padding: 1.25rem 1.5rem;
      border: 1px solid #d1d5db;
      border-radius: 0.75rem;
      font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
      color: #1d1d1f;
    }
    dialog::backdrop {
      background: rgb(0 0 0 / 0.35);
    }
    header {
      display: flex;
      justify-content: space-between;
      align-items: start;
      gap: 1rem;
    }
    h2 {
      margin: 0;
      font-size: 1.25rem;
    }
    img {
      inline-size: 100%;
      block-size: auto;
      border-radius: 0.5rem;
      margin-block: 0.75rem;
    }
    .price {
      font-weight: 700;
      font-size: 1.125rem;
    }
    a,
    button {
      font: inherit;
      color: #1f3a2b;
      font-weight: 600;
    }
    button {
      border: 1px solid #6b7280;
      border-radius: 0.5rem;
      background: #fff;
      padding: 0.25rem 0.625rem;
      cursor: pointer;
    }
    a:focus-visible,
    button:focus-visible {
      outline: 3px solid #b45309;
      outline-offset: 2px;
    }
  `;

  declare sku: string;
  declare product: QuickViewProduct | undefined;
  declare failed: boolean;
  /** Whether checkout's `<checkout-add-to-cart>` is defined (the shell loads it on request). */
  declare cart: "loading" | "ready" | "failed";
  private opener: HTMLElement | null = null;

  constructor() {
    super();
    this.sku = "";
    this.product = undefined;
    this.failed = false;
    this.cart = "loading";
  }

  /** Asks the shell to define checkout's add-to-cart (once; `mount: false`: the quick view renders it). */
  private requestAddToCart(): void {
    if (this.cart === "ready") return;
    const detail: RegionRequestedDetail = { ...ADD_TO_CART, mount: false };
    this.dispatchEvent(new CustomEvent(REGION_REQUESTED, { bubbles: true, composed: true, detail }));
    if (!detail.result) {
      this.cart = "failed"; // no shell on the page
      return;
    }
    detail.result.then(
      () => {
        this.cart = "ready";
      },
      () => {
        this.cart = "failed";
      },
    );
  }

  /** Opens the dialog for the current `sku` and loads it; `opener` gets the focus back on close. */
  async show(opener?: HTMLElement | null): Promise<void> {
    this.opener = opener ?? null;
    this.product = undefined;
    this.failed = false;
    this.requestAddToCart();
    await this.updateComplete;
    const dialog = this.renderRoot.querySelector("dialog");
    if (dialog && !dialog.open) dialog.showModal();
    try {
      this.product = await fetchProduct(this.sku);
    } catch {
      this.failed = true;
    }
  }

  close(): void {
    this.renderRoot.querySelector("dialog")?.close();
  }

  private readonly onClose = (): void => {
    this.opener?.focus();
    this.opener = null;
  };

  override render() {
    const p = this.product;
    const href = p ? `/product/${encodeURIComponent(p.productId)}?sku=${encodeURIComponent(p.sku)}` : "";
    return html`<dialog aria-labelledby="title" @close=${this.onClose}>
      <header>
        <h2 id="title">${p ? `${p.productName} — ${p.colorName}` : "Quick view"}</h2>
        <button type="button" @click=${this.close} aria-label="Close the quick view">✕</button>
      </header>
      ${
        this.failed
          ? html`<p role="alert">We could not load this product.</p>`
          : !p
            ? html`<p role="status">Loading…</p>`
            : html`${p.image ? html`<img src=${p.image} alt="" width="400" height="300" />` : nothing}
                <p>${p.description}</p>
                <p class="price">${price(p.price)}</p>
                ${
                  this.cart === "ready"
                    ? html`<checkout-add-to-cart sku=${p.sku}></checkout-add-to-cart>`
                    : this.cart === "loading"
                      ? html`<p role="status">Loading add to cart…</p>`
                      : nothing
                }
                <p><a href=${href}>See all details</a></p>`
      }
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "catalog-quick-view": CatalogQuickView;
  }
}
