import { html, nothing, type TemplateResult } from "lit";
import { storeName } from "../format";
import { messageFor } from "../messages";
import { COUNTRIES } from "./checkout-page";
import { pageStyle } from "./style";
import { summaryBox } from "./summary";
import type { DeliveryData, OrderData } from "./types";

function deliveryView(delivery: DeliveryData): TemplateResult {
  if (delivery.type === "pickup") {
    return html`<dt>Pickup at</dt><dd>${storeName(delivery.storeId)}</dd>`;
  }
  return html`<dt>Deliver to</dt>
    <dd>${delivery.name}<br />${delivery.street}<br />${delivery.postalCode} ${delivery.city}<br />${
      COUNTRIES[delivery.country] ?? delivery.country
    }</dd>`;
}

function headline(order: OrderData): TemplateResult {
  if (order.state === "confirmed") {
    return html`<h1 id="checkout-thanks-title">Thank you for your order!</h1>
      <p class="notice">Your order number is <strong>${order.id}</strong>. It is confirmed.</p>`;
  }
  if (order.state === "cancelled") {
    return html`<h1 id="checkout-thanks-title">Your order was not placed</h1>
      <p class="alert" role="alert">${messageFor(order.reason) ?? messageFor("cancelled")}</p>`;
  }
  return html`<h1 id="checkout-thanks-title">We are processing your order</h1>
    <p class="notice" role="status">Order <strong>${order.id}</strong> is being confirmed. Reload this page in a moment.</p>`;
}

/** The thanks page: the order number, its state and a summary. */
export function thanksPage(order: OrderData): TemplateResult {
  const lines = order.lines.map((l) => ({
    ...l,
    lineTotal: { amount: l.unitPrice.amount * l.quantity, currency: l.unitPrice.currency },
  }));
  return html`<section class="checkout" data-boundary="checkout/thanks-page" aria-labelledby="checkout-thanks-title">
    ${pageStyle}
    ${headline(order)}
    <div class="layout">
      <div>
        <dl>
          <dt>Order number</dt><dd>${order.id}</dd>
          <dt>Placed</dt><dd><time datetime=${order.placedAt}>${order.placedAt.slice(0, 16).replace("T", " ")} UTC</time></dd>
          ${deliveryView(order.delivery)}
        </dl>
        <p>
          ${order.state === "cancelled" ? html`<a class="co-button" href="/checkout/cart">Back to your cart</a> ` : nothing}
          <a href="/products">Continue shopping</a> · <a href="/account">Your orders</a>
        </p>
      </div>
      ${summaryBox("Order summary", lines, order.total)}
    </div>
  </section>`;
}
