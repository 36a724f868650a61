import {
  REGION_REQUESTED,
  type RegionRequestedDetail,
  type TesseraDomEvents,
  WISHLIST_TOGGLED,
  type WishlistToggledDetail,
} from "@tessera/contracts/dom-events";
import { css, html, LitElement, nothing } from "lit";
import { QUICK_VIEW_TAG } from "./tags";

export type { WishlistToggledDetail };

/** Formats integer cents as a currency amount; falls back to "12.34 XYZ" for an unknown currency code. */
function formatPrice(cents: number, currency: string): string {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).format(cents / 100);
  } catch {
    return `${(cents / 100).toFixed(2)} ${currency}`;
  }
}

/**
 * `<catalog-product-card>`: a product with an "Add to wishlist" toggle and a "Quick view" button.
 *
 * Written without decorators so it compiles the same whatever `useDefineForClassFields` is.
 * Clicking the wishlist button toggles `saved` and dispatches `catalog:wishlist-toggled`
 * (bubbles, composed, `detail: WishlistToggledDetail`).
 *
 * "Quick view" is a progressive enhancement: the server renders it `hidden` (without JavaScript
 * it could do nothing), the hydrated card shows it. A click asks the shell for the client-only
 * region `<catalog-quick-view>` (`tessera:region-requested`) and opens it for this card's sku;
 * focus comes back to the button when the quick view closes.
 */
export class CatalogProductCard extends LitElement {
  static override properties = {
    sku: { type: String },
    name: { type: String },
    description: { type: String },
    price: { type: Number },
    currency: { type: String },
    image: { type: String },
    saved: { type: Boolean, reflect: true },
    enhanced: { state: true },
  };

  static override styles = css`
    :host {
      display: block;
      max-inline-size: 22rem;
      font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
      color: #1f2937;
    }
    article {
      display: flex;
      flex-direction: column;
      gap: 0.5rem;
      box-sizing: border-box;
      block-size: 100%;
      padding: 1rem;
      border: 1px solid #e5e7eb;
      border-radius: 0.75rem;
      background: #fff;
      box-shadow: 0 1px 3px rgb(0 0 0 / 0.08);
    }
    img {
      inline-size: 100%;
      block-size: auto;
      aspect-ratio: 4 / 3;
      object-fit: cover;
      border-radius: 0.5rem;
      background: #f3f4f6;
    }
    h2 {
      margin: 0.25rem 0 0;
      font-size: 1.125rem;
      line-height: 1.3;
    }
    p {
      margin: 0;
      color: #4b5563;
      line-height: 1.5;
    }
    .price {
      margin-block-start: auto;
      font-size: 1.25rem;
      font-weight: 700;
      color: #111827;
    }
    button {
      font: inherit;
      font-weight: 600;
      padding: 0.625rem 1rem;
      border: 2px solid #1d4ed8;
      border-radius: 0.5rem;
      background: #1d4ed8;
      color: #fff;
      cursor: pointer;
    }
    button:hover {
      background: #1e40af;
      border-color: #1e40af;
    }
    button.quick-view {
      background: #fff;
      color: #1d4ed8;
    }
    button.quick-view:hover {
      background: #eff6ff;
    }
    button[hidden] {
      display: none;
    }
    button[aria-pressed="true"] {
      background: #fff;
      color: #1d4ed8;
    }
    button:focus-visible {
      outline: 3px solid #f59e0b;
      outline-offset: 2px;
    }
  `;

  declare sku: string;
  declare name: string;
  declare description: string;
  /** Price in integer cents. */
  declare price: number;
  /** ISO 4217 code, e.g. "EUR". */
  declare currency: string;
  declare image: string;
  declare saved: boolean;
  /** True once hydrated in a browser (never on the server): shows the Quick view button. */
  declare enhanced: boolean;

  constructor() {
    super();
    this.sku = "";
    this.name = "";
    this.description = "";
    this.price = 0;
    this.currency = "EUR";
    this.image = "";
    this.saved = false;
    this.enhanced = false;
  }

  /** Runs in the browser only (hydrated or created there): the Quick view can work now. */
  protected override firstUpdated(): void {
    this.enhanced = true;
  }

  override render() {
    return html`
      <article>
        ${
          this.image
            ? html`<img src=${this.image} alt=${this.name} width="400" height="300" loading="lazy" />`
            : nothing
        }
        <h2>${this.name}</h2>
        <p>${this.description}</p>
        <p class="price">${formatPrice(this.price, this.currency)}</p>
        <button type="button" aria-pressed=${this.saved ? "true" : "false"} @click=${this.toggleSaved}>
          ${this.saved ? "Saved to wishlist" : "Add to wishlist"}
        </button>
        <button
          type="button"
          class="quick-view"
          aria-haspopup="dialog"
          ?hidden=${!this.enhanced}
          @click=${this.openQuickView}
        >
          Quick view
        </button>
      </article>
    `;
  }

  private openQuickView(event: MouseEvent): void {
    const opener = event.currentTarget as HTMLButtonElement;
    const detail: RegionRequestedDetail = {
      module: "catalog/quick-view",
      element: QUICK_VIEW_TAG,
      mount: true,
      attributes: { sku: this.sku },
    };
    this.dispatchEvent(new CustomEvent(REGION_REQUESTED, { bubbles: true, composed: true, detail }));
    detail.result?.then(
      (view) =>
        (view as (HTMLElement & { show?(opener: HTMLElement): Promise<void> }) | null)?.show?.(opener),
      () => {
        // the quick view could not load (reported by the shell): the button would do nothing
        this.enhanced = false;
      },
    );
  }

  private toggleSaved(): void {
    this.saved = !this.saved;
    this.dispatchEvent(
      new CustomEvent<WishlistToggledDetail>(WISHLIST_TOGGLED, {
        bubbles: true,
        composed: true,
        detail: { sku: this.sku, saved: this.saved },
      }),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "catalog-product-card": CatalogProductCard;
  }
  interface HTMLElementEventMap extends TesseraDomEvents {}
}
