import { CART_UPDATED } from "@tessera/contracts/dom-events";
import { css, html, LitElement, nothing } from "lit";
import { formatPrice, itemCount } from "./format";

/** A cart line as `GET /api/checkout/cart` gives it (the fields shown). */
export interface PopoverLine {
  sku: string;
  name: string;
  quantity: number;
  lineTotal: { amount: number; currency: string };
}
/** `GET /api/checkout/cart`, through the composer's gateway. */
export interface PopoverCart {
  count: number;
  total: { amount: number; currency: string };
  lines: PopoverLine[];
}

export const CART_API = "/api/checkout/cart";

/** Reads the shopper's cart from the gateway; throws on a non-2xx answer. */
export async function fetchCart(fetcher: typeof fetch = fetch): Promise<PopoverCart> {
  const response = await fetcher(CART_API, {
    headers: { accept: "application/json" },
    credentials: "same-origin",
  });
  if (!response.ok) throw new Error(`GET ${CART_API} answered ${response.status}`);
  return (await response.json()) as PopoverCart;
}

/**
 * `<checkout-mini-cart-popover>`: a client-only region (never server-rendered), mounted by the
 * shell when the shopper opens the header's mini-cart. A modal `<dialog>` listing the cart's lines
 * (`GET /api/checkout/cart`), with links to the cart and to checkout; reloads on
 * `checkout:cart-updated`. Escape or the close button closes it and focus returns to the opener.
 */
export class CheckoutMiniCartPopover extends LitElement {
  static override properties = {
    cart: { state: true },
    failed: { state: true },
  };

  static override styles = css`
    dialog {
      inset-inline-end: clamp(0.5rem, 3vw, 2rem);
      inset-inline-start: auto;
      inset-block-start: 4.5rem;
      margin: 0;
      inline-size: min(24rem, calc(100vw - 1rem));
      padding: 1rem 1.25rem;
      border: 1px solid #d1d5db;
      border-radius: 0.75rem;
      font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
      color: #1d1d1f;
      box-shadow: 0 12px 32px rgb(0 0 0 / 0.18);
    }
    dialog::backdrop {
      background: rgb(0 0 0 / 0.15);
    }
    header {
      display: flex;
      justify-content: space-between;
      align-items: center;
    }
    h2 {
      margin: 0;
      font-size: 1.125rem;
    }
    ul {
      list-style: none;
      margin: 0.75rem 0;
      padding: 0;
    }
    li {
      display: flex;
      justify-content: space-between;
      gap: 1rem;
      padding: 0.5rem 0;
      border-block-end: 1px solid #e5e7eb;
    }
    .total {
      font-weight: 700;
    }
    .actions {
      display: flex;
      gap: 0.75rem;
      margin-block-start: 0.75rem;
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

  declare cart: PopoverCart | undefined;
  declare failed: boolean;
  private opener: HTMLElement | null = null;

  constructor() {
    super();
    this.cart = undefined;
    this.failed = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener(CART_UPDATED, this.reload);
  }

  override disconnectedCallback(): void {
    window.removeEventListener(CART_UPDATED, this.reload);
    super.disconnectedCallback();
  }

  /** Opens the popover (as a modal dialog) and loads the cart; `opener` gets the focus back on close. */
  async show(opener?: HTMLElement | null): Promise<void> {
    this.opener = opener ?? null;
    await this.updateComplete;
    const dialog = this.renderRoot.querySelector("dialog");
    if (dialog && !dialog.open) dialog.showModal();
    await this.reload();
  }

  /** Closes the popover. */
  close(): void {
    this.renderRoot.querySelector("dialog")?.close();
  }

  private readonly reload = async (): Promise<void> => {
    try {
      this.cart = await fetchCart();
      this.failed = false;
    } catch {
      this.failed = true;
    }
  };

  private readonly onClose = (): void => {
    this.opener?.focus();
    this.opener = null;
  };

  override render() {
    const cart = this.cart;
    return html`<dialog aria-labelledby="title" @close=${this.onClose}>
      <header>
        <h2 id="title">Your cart</h2>
        <button type="button" @click=${this.close} aria-label="Close the cart">✕</button>
      </header>
      ${
        this.failed
          ? html`<p role="alert">We could not load your cart. <a href="/checkout/cart">Open the cart page</a>.</p>`
          : !cart
            ? html`<p role="status">Loading your cart…</p>`
            : cart.lines.length === 0
              ? html`<p>Your cart is empty.</p>`
              : html`<p role="status">${itemCount(cart.count)}</p>
                  <ul>
                    ${cart.lines.map(
                      (line) => html`<li data-sku=${line.sku}>
                        <span>${line.quantity} × ${line.name}</span>
                        <span>${formatPrice(line.lineTotal.amount, line.lineTotal.currency)}</span>
                      </li>`,
                    )}
                  </ul>
                  <p class="total">Total ${formatPrice(cart.total.amount, cart.total.currency)}</p>`
      }
      <div class="actions">
        <a href="/checkout/cart">View cart</a>
        ${cart && cart.lines.length > 0 ? html`<a href="/checkout/checkout">Checkout</a>` : nothing}
      </div>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "checkout-mini-cart-popover": CheckoutMiniCartPopover;
  }
}
