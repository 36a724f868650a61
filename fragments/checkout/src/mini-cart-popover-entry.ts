/** Federated `./mini-cart-popover`: importing it defines `<checkout-mini-cart-popover>` (a client-only region). */
import { CheckoutMiniCartPopover } from "./mini-cart-popover";
import { MINI_CART_POPOVER_TAG } from "./tags";

if (!customElements.get(MINI_CART_POPOVER_TAG))
  customElements.define(MINI_CART_POPOVER_TAG, CheckoutMiniCartPopover);

export { CheckoutMiniCartPopover, MINI_CART_POPOVER_TAG };
