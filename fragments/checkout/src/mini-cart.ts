import {
  CART_UPDATED,
  REGION_REQUESTED,
  type RegionRequestedDetail,
  type TesseraDomEvents,
} from "@tessera/contracts/dom-events";
import { css, html, LitElement } from "lit";
import { itemCount } from "./format";

/**
 * `<checkout-mini-cart>`: a link to the cart with the number of items in it.
 *
 * Hydrated, it listens for `checkout:cart-updated` on `window` and updates the count in place
 * (no reload). A plain click opens the cart's popover (`<checkout-mini-cart-popover>`, a
 * client-only region the shell mounts on request); without the shell, or if the popover cannot
 * load, the link goes to the cart page. Written without decorators so it compiles the same whatever `useDefineForClassFields` is.
 */
export class CheckoutMiniCart extends LitElement {
  static override properties = {
    count: { type: Number, reflect: true },
  };

  static override styles = css`
    :host {
      display: inline-block;
      font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
    }
    a {
      display: inline-flex;
      align-items: center;
      gap: 0.5rem;
      padding: 0.5rem 0.75rem;
      border-radius: 0.5rem;
      color: inherit;
      font-weight: 700;
      text-decoration: none;
    }
    a:hover {
      text-decoration: underline;
    }
    a:focus-visible {
      outline: 3px solid #ffd166;
      outline-offset: 2px;
    }
    svg {
      inline-size: 1.5rem;
      block-size: 1.5rem;
    }
    .count {
      display: inline-grid;
      place-items: center;
      min-inline-size: 1.5rem;
      block-size: 1.5rem;
      padding: 0 0.375rem;
      box-sizing: border-box;
      border-radius: 999px;
      background: #ffd166;
      color: #1d1d1f;
      font-size: 0.875rem;
    }
  `;

  declare count: number;

  constructor() {
    super();
    this.count = 0;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener(CART_UPDATED, this.onCartUpdated);
  }

  override disconnectedCallback(): void {
    window.removeEventListener(CART_UPDATED, this.onCartUpdated);
    super.disconnectedCallback();
  }

  private readonly onCartUpdated = (event: Event): void => {
    const { detail } = event as TesseraDomEvents[typeof CART_UPDATED];
    if (typeof detail?.count === "number") this.count = detail.count;
  };

  private readonly onClick = (event: MouseEvent): void => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.currentTarget as HTMLAnchorElement;
    const detail: RegionRequestedDetail = {
      module: "checkout/mini-cart-popover",
      element: "checkout-mini-cart-popover",
      mount: true,
    };
    this.dispatchEvent(new CustomEvent(REGION_REQUESTED, { bubbles: true, composed: true, detail }));
    if (!detail.result) return; // no shell on the page: follow the link
    event.preventDefault();
    detail.result.then(
      (popover) => (popover as (HTMLElement & { show?(opener: HTMLElement): void }) | null)?.show?.(link),
      () => location.assign(link.href),
    );
  };

  override render() {
    return html`<a href="/checkout/cart" aria-label=${`Cart, ${itemCount(this.count)}`} @click=${this.onClick}>
      <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path
          d="M3 3h2l2.4 11.2a1 1 0 0 0 1 .8H18a1 1 0 0 0 1-.8L21 7H6"
          fill="none"
          stroke="currentColor"
          stroke-width="2"
          stroke-linecap="round"
          stroke-linejoin="round"
        />
        <circle cx="9" cy="20" r="1.5" fill="currentColor" />
        <circle cx="17" cy="20" r="1.5" fill="currentColor" />
      </svg>
      <span>Cart</span>
      <span class="count">${this.count}</span>
    </a>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "checkout-mini-cart": CheckoutMiniCart;
  }
}
