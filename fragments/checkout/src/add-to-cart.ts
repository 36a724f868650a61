import { CART_UPDATED, type CartUpdatedDetail } from "@tessera/contracts/dom-events";
import { css, html, LitElement, nothing } from "lit";
import { postToCart } from "./cart-request";
import { messageFor } from "./messages";

/** Most units of one variant a shopper can put in the cart at once. */
const MAX_QUANTITY = 10;

/**
 * `<checkout-add-to-cart>`: a form posting `sku` and `quantity` to `/checkout/cart/add`.
 *
 * Without JavaScript the form posts and the server redirects (to the cart, or `return-to`).
 * Hydrated, it posts with `fetch` (`accept: application/json`), stays on the page, announces the
 * result in a live region and dispatches `checkout:cart-updated` (bubbles, composed,
 * `detail: CartUpdatedDetail`). When `soldout` is set the button is disabled and reads "Sold out".
 * Written without decorators so it compiles the same whatever `useDefineForClassFields` is.
 */
export class CheckoutAddToCart extends LitElement {
  static override properties = {
    sku: { type: String },
    soldout: { type: Boolean, reflect: true },
    /** Units left, when fewer than the usual maximum (bounds the quantity picker). */
    available: { type: Number },
    /** A message code from a failed form post (`?error=`), shown until the next add. */
    error: { type: String },
    returnTo: { type: String, attribute: "return-to" },
    busy: { state: true },
    status: { state: true },
  };

  static override styles = css`
    :host {
      display: block;
      font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
      color: #1f2937;
    }
    form {
      display: flex;
      flex-wrap: wrap;
      align-items: end;
      gap: 0.75rem;
    }
    label {
      display: flex;
      flex-direction: column;
      gap: 0.25rem;
      font-size: 0.875rem;
      font-weight: 600;
    }
    select,
    button {
      font: inherit;
      min-block-size: 2.75rem;
      border-radius: 0.5rem;
    }
    select {
      padding: 0.5rem 0.75rem;
      border: 1px solid #6b7280;
      background: #fff;
      color: inherit;
    }
    button {
      font-weight: 700;
      padding: 0.625rem 1.25rem;
      border: 2px solid #1f3a2b;
      background: #1f3a2b;
      color: #fff;
      cursor: pointer;
    }
    button:hover:not(:disabled) {
      background: #2f5a42;
    }
    button:disabled {
      cursor: not-allowed;
      border-color: #6b7280;
      background: #e5e7eb;
      color: #374151;
    }
    select:focus-visible,
    button:focus-visible {
      outline: 3px solid #b45309;
      outline-offset: 2px;
    }
    .status {
      flex-basis: 100%;
      margin: 0;
      min-block-size: 1.5em;
    }
    .status.error {
      color: #b91c1c;
      font-weight: 600;
    }
    .status a {
      color: #1f3a2b;
      font-weight: 600;
    }
  `;

  declare sku: string;
  declare soldout: boolean;
  declare available: number | undefined;
  declare error: string;
  declare returnTo: string;
  declare busy: boolean;
  declare status: { text: string; error: boolean; added?: boolean } | undefined;

  constructor() {
    super();
    this.sku = "";
    this.soldout = false;
    this.available = undefined;
    this.error = "";
    this.returnTo = "";
    this.busy = false;
    this.status = undefined;
  }

  private get maxQuantity(): number {
    return Math.max(1, Math.min(MAX_QUANTITY, this.available ?? MAX_QUANTITY));
  }

  override render() {
    const status =
      this.status ?? (this.error ? { text: messageFor(this.error) ?? "", error: true } : undefined);
    const quantities = Array.from({ length: this.maxQuantity }, (_, i) => i + 1);
    return html`
      <form method="post" action="/checkout/cart/add" @submit=${this.onSubmit}>
        <input type="hidden" name="sku" value=${this.sku} />
        ${this.returnTo ? html`<input type="hidden" name="returnTo" value=${this.returnTo} />` : nothing}
        <label>
          Quantity
          <select name="quantity" ?disabled=${this.soldout}>
            ${quantities.map((n) => html`<option value=${n}>${n}</option>`)}
          </select>
        </label>
        <button type="submit" ?disabled=${this.soldout || this.busy}>
          ${this.soldout ? "Sold out" : this.busy ? "Adding…" : "Add to cart"}
        </button>
        <p class="status ${status?.error ? "error" : ""}" role="status" aria-live="polite">
          ${status?.text ?? ""}
          ${status?.added ? html` <a href="/checkout/cart">View cart</a>` : nothing}
        </p>
      </form>
    `;
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.soldout || this.busy) return;
    const form = event.currentTarget as HTMLFormElement;
    const fields = [...new FormData(form)].map(([name, value]): [string, string] => [name, String(value)]);
    this.busy = true;
    this.error = "";
    const result = await postToCart(form.action, fields);
    this.busy = false;
    if (!result.ok) {
      if (result.soldOut) this.soldout = true;
      this.status = { text: result.message, error: true };
      return;
    }
    this.status = { text: "Added to your cart.", error: false, added: true };
    this.dispatchEvent(
      new CustomEvent<CartUpdatedDetail>(CART_UPDATED, {
        bubbles: true,
        composed: true,
        detail: result.detail,
      }),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "checkout-add-to-cart": CheckoutAddToCart;
  }
}
