/** Federated `./add-to-cart`: importing it defines `<checkout-add-to-cart>` (hydrating any server-rendered one). */
import { CheckoutAddToCart } from "./add-to-cart";
import { ADD_TO_CART_TAG } from "./tags";

if (!customElements.get(ADD_TO_CART_TAG)) customElements.define(ADD_TO_CART_TAG, CheckoutAddToCart);

export { ADD_TO_CART_TAG, CheckoutAddToCart };
