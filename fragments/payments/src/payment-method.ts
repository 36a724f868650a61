/**
 * The `payments/payment-method` fragment: a fieldset of radio buttons named `paymentToken`, one per
 * test payment method, for checkout's form. Plain HTML in the light DOM (no custom element), so the
 * radio buttons are submitted with the form and everything works without JavaScript.
 */
import type { PaymentToken } from "@tessera/contracts/events";
import { html, type TemplateResult } from "lit";
import { DEFAULT_PAYMENT_TOKEN, TEST_PAYMENT_METHODS } from "./methods";

export interface PaymentMethodOptions {
  /** The method checked when the form opens (the shopper's previous choice); the approving card otherwise. */
  selected?: PaymentToken;
  /** Where the fieldset's stylesheet is served (through the composer), if it should be linked. */
  stylesheet?: string;
}

/** The fieldset's template. */
export function paymentMethodTemplate(options: PaymentMethodOptions = {}): TemplateResult {
  const selected = options.selected ?? DEFAULT_PAYMENT_TOKEN;
  return html`<fieldset class="payments-method" data-boundary="payments/payment-method" aria-describedby="payments-method-note">
  <legend>Payment method</legend>
  ${options.stylesheet ? html`<link rel="stylesheet" href=${options.stylesheet}>` : ""}
  <p class="payments-method__note" id="payments-method-note">This shop takes test cards only: no money moves.</p>
  ${TEST_PAYMENT_METHODS.map(
    (method) => html`<div class="payments-method__option">
    <input type="radio" id=${`payment-method-${method.token}`} name="paymentToken" value=${method.token} required ?checked=${method.token === selected}>
    <label for=${`payment-method-${method.token}`}><span class="payments-method__card">${method.card}</span> <span class="payments-method__behaviour">${method.behaviour}</span></label>
  </div>`,
  )}
</fieldset>`;
}
