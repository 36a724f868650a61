import { CART_UPDATED, type CartUpdatedDetail } from "@tessera/contracts/dom-events";
import { css, html, LitElement, nothing } from "lit";
import { fetchStock } from "./stock-request";

/** A store's share of a sku's stock, as the badge shows it. */
export interface StoreStock {
  storeId: string;
  available: number;
  status: StockStatus;
}

export type StockStatus = "in-stock" | "low" | "sold-out";

/** "store-hamburg" → "Hamburg": the store's city, from its reference id. */
export function storeName(storeId: string): string {
  const city = storeId.replace(/^store-/, "");
  return city.charAt(0).toUpperCase() + city.slice(1);
}

/** The headline for a total: "In stock", "Only 3 left", "Sold out". */
export function stockHeadline(status: StockStatus, available: number): string {
  if (status === "sold-out") return "Sold out";
  if (status === "low") return available === 1 ? "Only 1 left" : `Only ${available} left`;
  return "In stock";
}

/** A store's line: "Sold out", "Only 2 left", "12 available". */
function storeLine(store: StoreStock): string {
  return store.status === "in-stock"
    ? `${store.available} available`
    : stockHeadline(store.status, store.available);
}

/**
 * `<inventory-stock>`: a variant's availability ("In stock", "Only 3 left", "Sold out") with the
 * per-store breakdown in a native disclosure (`<details>`), so it works without JavaScript.
 * Rendered on the server as Declarative Shadow DOM; the data lives in attributes.
 *
 * Once hydrated it keeps itself current: when the cart changes (`checkout:cart-updated` for its
 * sku, or for no sku in particular) and when the shopper comes back to the tab, it re-reads the
 * live stock (`GET /api/inventory/stock/<sku>`) and shows it; the headline is a polite live region.
 * When the shop cannot answer it keeps what it shows.
 *
 * Written without decorators so it compiles the same whatever `useDefineForClassFields` is.
 */
export class InventoryStock extends LitElement {
  static override properties = {
    sku: { type: String },
    available: { type: Number },
    status: { type: String, reflect: true },
    stores: { type: Array },
  };

  static override styles = css`
    :host {
      display: block;
      font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
      color: #1f2937;
      font-size: 1rem;
    }
    .headline {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      margin: 0 0 0.25rem;
      font-weight: 700;
    }
    .dot {
      inline-size: 0.75rem;
      block-size: 0.75rem;
      border-radius: 50%;
      flex: none;
    }
    .in-stock .dot {
      background: #15803d;
    }
    .low .dot {
      background: #b45309;
    }
    .sold-out .dot {
      background: #b91c1c;
    }
    .in-stock .headline {
      color: #166534;
    }
    .low .headline {
      color: #92400e;
    }
    .sold-out .headline {
      color: #991b1b;
    }
    summary {
      cursor: pointer;
      color: #1d4ed8;
      padding-block: 0.25rem;
    }
    summary:focus-visible {
      outline: 3px solid #f59e0b;
      outline-offset: 2px;
    }
    ul {
      list-style: none;
      margin: 0.25rem 0 0;
      padding: 0;
    }
    li {
      display: flex;
      justify-content: space-between;
      gap: 1rem;
      padding: 0.25rem 0;
      border-block-end: 1px solid #e5e7eb;
      max-inline-size: 20rem;
    }
    li:last-child {
      border-block-end: none;
    }
  `;

  declare sku: string;
  declare available: number;
  declare status: StockStatus;
  declare stores: StoreStock[];

  constructor() {
    super();
    this.sku = "";
    this.available = 0;
    this.status = "sold-out";
    this.stores = [];
  }

  private readonly onCartUpdated = (event: Event): void => {
    const sku = (event as CustomEvent<Partial<CartUpdatedDetail> | null>).detail?.sku;
    if (sku === undefined || sku === this.sku) void this.refresh();
  };

  private readonly onVisibilityChange = (): void => {
    if (document.visibilityState === "visible") void this.refresh();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener(CART_UPDATED, this.onCartUpdated);
    document.addEventListener("visibilitychange", this.onVisibilityChange);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener(CART_UPDATED, this.onCartUpdated);
    document.removeEventListener("visibilitychange", this.onVisibilityChange);
  }

  /** Re-reads the sku's live stock and shows it; keeps what it shows when the shop cannot answer. */
  async refresh(fetcher?: typeof fetch): Promise<void> {
    if (!this.sku) return;
    const view = await fetchStock(this.sku, fetcher);
    if (!view || view.sku !== this.sku) return;
    this.available = view.available;
    this.status = view.status;
    this.stores = view.stores;
  }

  override render() {
    return html`
      <div class=${this.status}>
        <p class="headline" aria-live="polite"><span class="dot" aria-hidden="true"></span>${stockHeadline(this.status, this.available)}</p>
        ${
          this.stores.length > 0
            ? html`<details>
              <summary>Availability in our stores</summary>
              <ul>
                ${this.stores.map((store) => html`<li><span>${storeName(store.storeId)}</span><span>${storeLine(store)}</span></li>`)}
              </ul>
            </details>`
            : nothing
        }
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "inventory-stock": InventoryStock;
  }
}
