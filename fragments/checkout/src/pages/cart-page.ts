import { html, nothing, type TemplateResult } from "lit";
import { formatPrice, itemCount } from "../format";
import { messageFor } from "../messages";
import { pageStyle } from "./style";
import type { CartData, CartLineData } from "./types";

/** Most units of one variant in a cart (the quantity field's bound). */
const MAX_QUANTITY = 10;

function productLink(line: CartLineData): string {
  return line.productId
    ? `/product/${encodeURIComponent(line.productId)}?sku=${encodeURIComponent(line.sku)}`
    : "/products";
}

function lineView(line: CartLineData): TemplateResult {
  const id = `quantity-${line.sku}`;
  return html`<li class="line">
    ${line.image ? html`<img src=${line.image} alt="" width="96" height="72" loading="lazy" />` : html`<span></span>`}
    <div>
      <h2><a href=${productLink(line)}>${line.name}</a></h2>
      <p class="muted">${formatPrice(line.unitPrice.amount, line.unitPrice.currency)} each · SKU ${line.sku}</p>
      ${line.unavailable ? html`<p class="unavailable">No longer available: please remove it.</p>` : nothing}
    </div>
    <div class="actions">
      <form method="post" action="/checkout/cart/update">
        <input type="hidden" name="sku" value=${line.sku} />
        <label class="co-field" for=${id}>Quantity
          <input class="co-input" id=${id} type="number" name="quantity" inputmode="numeric" min="1" max=${MAX_QUANTITY}
            value=${line.quantity} required />
        </label>
        <button type="submit" class="co-button secondary">Update</button>
      </form>
      <form method="post" action="/checkout/cart/remove">
        <input type="hidden" name="sku" value=${line.sku} />
        <button type="submit" class="co-button secondary" aria-label=${`Remove ${line.name}`}>Remove</button>
      </form>
      <p class="line-total"><strong>${formatPrice(line.lineTotal.amount, line.lineTotal.currency)}</strong></p>
    </div>
  </li>`;
}

/** The cart page: lines with quantity and remove forms, the total, the way to checkout (or the empty state), and explore's recommendations. */
export function cartPage(cart: CartData, error?: string): TemplateResult {
  const message = messageFor(error);
  const blocked = cart.lines.some((l) => l.unavailable);
  return html`<section class="checkout" data-boundary="checkout/cart-page" aria-labelledby="checkout-cart-title">
    ${pageStyle}
    <h1 id="checkout-cart-title">Your cart</h1>
    ${message ? html`<p class="alert" role="alert">${message}</p>` : nothing}
    ${
      cart.lines.length === 0
        ? html`<p class="notice">Your cart is empty.</p>
          <p><a class="co-button" href="/products">Browse our tractors</a></p>`
        : html`<div class="layout">
          <ul class="lines" aria-label="Items in your cart">${cart.lines.map(lineView)}</ul>
          <aside class="summary" aria-label="Cart total">
            <p class="muted">${itemCount(cart.count)}</p>
            <p class="total"><span>Total</span><span>${formatPrice(cart.total.amount, cart.total.currency)}</span></p>
            ${
              blocked
                ? html`<p class="unavailable">Remove the unavailable items to check out.</p>`
                : html`<a class="co-button" href="/checkout/checkout">Go to checkout</a>`
            }
            <a href="/products">Continue shopping</a>
          </aside>
        </div>`
    }
    ${recommendations(cart)}
  </section>`;
}

/** Explore's recommendations for the cart (a nested fragment the composer resolves): like the first line, or featured. */
function recommendations(cart: CartData): TemplateResult {
  const sku = cart.lines[0]?.sku;
  return sku
    ? html`<tessera-fragment service="explore" name="recommendations" sku=${sku}></tessera-fragment>`
    : html`<tessera-fragment service="explore" name="recommendations"></tessera-fragment>`;
}
