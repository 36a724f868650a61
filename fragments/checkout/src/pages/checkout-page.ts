import { STORE_IDS } from "@tessera/contracts/reference/stores";
import { html, nothing, type TemplateResult } from "lit";
import { formatPrice, storeName } from "../format";
import { messageFor } from "../messages";
import { pageStyle } from "./style";
import { summaryBox } from "./summary";
import type { CartData } from "./types";

/** Countries checkout delivers to (ISO 3166-1 alpha-2). */
export const COUNTRIES: Record<string, string> = {
  DE: "Germany",
  AT: "Austria",
  CH: "Switzerland",
  NL: "Netherlands",
  BE: "Belgium",
  DK: "Denmark",
  FR: "France",
  LU: "Luxembourg",
};

/**
 * Shown by the composer when explore's store picker cannot be loaded: the same control
 * (`storeId`), with the stores' reference ids.
 */
const storePickerFallback = html`<label class="co-field" for="checkout-store-fallback">Pickup store
  <select class="co-input" id="checkout-store-fallback" name="storeId">
    ${STORE_IDS.map((id) => html`<option value=${id}>${storeName(id)}</option>`)}
  </select>
</label>`;

/** Shown when payments' fragment cannot be loaded (the fragment is its own fieldset). */
const paymentFallback = html`<fieldset class="co-group">
  <legend>Payment method</legend>
  <p class="alert" role="alert">Payment methods cannot be shown right now. Please try again in a moment.</p>
</fieldset>`;

function field(name: string, label: string, autocomplete: string): TemplateResult {
  const id = `checkout-${name}`;
  return html`<label class="co-field" for=${id}>${label}
    <input class="co-input" id=${id} type="text" name=${name} autocomplete=${autocomplete} maxlength="120" />
  </label>`;
}

/**
 * The checkout page: a form posting to `/checkout/place-order` with the delivery (store pickup,
 * through explore's store picker, or an address) and the payment method (payments' fragment).
 * `error` is a message code from a failed attempt.
 */
export function checkoutPage(cart: CartData, error?: string): TemplateResult {
  const message = messageFor(error);
  if (cart.lines.length === 0) {
    return html`<section class="checkout" data-boundary="checkout/checkout-page" aria-labelledby="checkout-title">
      ${pageStyle}
      <h1 id="checkout-title">Checkout</h1>
      ${message ? html`<p class="alert" role="alert">${message}</p>` : nothing}
      <p class="notice">Your cart is empty.</p>
      <p><a class="co-button" href="/products">Browse our tractors</a></p>
    </section>`;
  }
  return html`<section class="checkout" data-boundary="checkout/checkout-page" aria-labelledby="checkout-title">
    ${pageStyle}
    <h1 id="checkout-title">Checkout</h1>
    ${message ? html`<p class="alert" role="alert" id="checkout-error">${message}</p>` : nothing}
    <div class="layout">
      <form class="co-form" method="post" action="/checkout/place-order" aria-describedby=${message ? "checkout-error" : nothing}>
        <fieldset class="co-group">
          <legend>Delivery</legend>
          <div class="choice">
            <input type="radio" id="checkout-delivery-pickup" name="delivery" value="pickup" checked />
            <label for="checkout-delivery-pickup">Pick up in a store (free)</label>
          </div>
          <div class="pickup">
            <tessera-fragment service="explore" name="store-picker">${storePickerFallback}</tessera-fragment>
          </div>
          <div class="choice">
            <input type="radio" id="checkout-delivery-address" name="delivery" value="address" />
            <label for="checkout-delivery-address">Deliver to an address</label>
          </div>
          <div class="fields" role="group" aria-label="Delivery address">
            ${field("name", "Full name", "name")}
            ${field("street", "Street and number", "address-line1")}
            ${field("postalCode", "Postal code", "postal-code")}
            ${field("city", "City", "address-level2")}
            <label class="co-field" for="checkout-country">Country
              <select class="co-input" id="checkout-country" name="country" autocomplete="country">
                ${Object.entries(COUNTRIES).map(([code, name]) => html`<option value=${code}>${name}</option>`)}
              </select>
            </label>
          </div>
        </fieldset>
        <tessera-fragment service="payments" name="payment-method">${paymentFallback}</tessera-fragment>
        <p><button type="submit" class="co-button">Place order · ${formatPrice(cart.total.amount, cart.total.currency)}</button></p>
      </form>
      ${summaryBox("Your order", cart.lines, cart.total)}
    </div>
  </section>`;
}
