/**
 * Server-side rendering of checkout's fragments with Lit SSR. The interactive ones
 * (`<checkout-add-to-cart>`, `<checkout-mini-cart>`) render with Declarative Shadow DOM and
 * hydrate in the browser; the pages are light DOM, so their forms can hold the controls other
 * teams' nested fragments render (the store picker, the payment methods).
 */
import { type RenderResult, render } from "@lit-labs/ssr";
import { html, nothing } from "lit";
import "./index"; // defines checkout's custom elements in the server's registry
import { cartPage } from "./pages/cart-page";
import { checkoutPage } from "./pages/checkout-page";
import { thanksPage } from "./pages/thanks-page";
import type { CartData, OrderData } from "./pages/types";

export { MESSAGES, type MessageCode, messageFor } from "./messages";
export { COUNTRIES } from "./pages/checkout-page";
export type { CartData, CartLineData, DeliveryData, Money, OrderData } from "./pages/types";
export type { RenderResult };

export interface AddToCartData {
  sku: string;
  soldOut: boolean;
  /** Units left when inventory has told (bounds the quantity picker). */
  available?: number | null;
  /** A message code from a failed form post. */
  error?: string;
  /** A same-site path to come back to after adding (the cart otherwise). */
  returnTo?: string;
}

/** `<checkout-add-to-cart>` with its shadow root; the data goes in attributes for hydration. */
export function renderAddToCart(data: AddToCartData): RenderResult {
  const available = typeof data.available === "number" ? data.available : undefined;
  return render(html`<checkout-add-to-cart
    data-boundary="checkout/add-to-cart"
    sku=${data.sku}
    ?soldout=${data.soldOut}
    available=${available ?? nothing}
    error=${data.error || nothing}
    return-to=${data.returnTo || nothing}
  ></checkout-add-to-cart>`);
}

/** `<checkout-mini-cart>` with its shadow root. */
export function renderMiniCart(count: number): RenderResult {
  return render(
    html`<checkout-mini-cart data-boundary="checkout/mini-cart" count=${count}></checkout-mini-cart>`,
  );
}

/** The cart page (light DOM). */
export function renderCartPage(cart: CartData, error?: string): RenderResult {
  return render(cartPage(cart, error));
}

/** The checkout page (light DOM), with the store picker and payment method as nested fragment tags. */
export function renderCheckoutPage(cart: CartData, error?: string): RenderResult {
  return render(checkoutPage(cart, error));
}

/** The thanks page (light DOM). */
export function renderThanksPage(order: OrderData): RenderResult {
  return render(thanksPage(order));
}

export { renderToStream, renderToString } from "@tessera/chassis/ssr";

/**
 * Every fragment this package renders, one uniform shape (JSON data in, render result out): what
 * the checkout service calls for its built-in version, and what a deployed release's worker calls
 * (see @tessera/chassis/releases).
 */
export const renderers = {
  "add-to-cart": (data: AddToCartData) => renderAddToCart(data),
  "mini-cart": (data: { count: number }) => renderMiniCart(data.count),
  "cart-page": (data: { cart: CartData; error?: string }) => renderCartPage(data.cart, data.error),
  "checkout-page": (data: { cart: CartData; error?: string }) => renderCheckoutPage(data.cart, data.error),
  "thanks-page": (data: { order: OrderData }) => renderThanksPage(data.order),
};
