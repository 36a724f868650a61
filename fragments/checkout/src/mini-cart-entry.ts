/** Federated `./mini-cart`: importing it defines `<checkout-mini-cart>` (hydrating any server-rendered one). */
import { CheckoutMiniCart } from "./mini-cart";
import { MINI_CART_TAG } from "./tags";

if (!customElements.get(MINI_CART_TAG)) customElements.define(MINI_CART_TAG, CheckoutMiniCart);

export { CheckoutMiniCart, MINI_CART_TAG };
