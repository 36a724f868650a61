/** Custom element tags of checkout's interactive fragments; shared by the client, the SSR renderer and the manifest. */
export const ADD_TO_CART_TAG = "checkout-add-to-cart";
export const MINI_CART_TAG = "checkout-mini-cart";
/** The mini-cart's popover: a client-only region, mounted by the shell (never server-rendered). */
export const MINI_CART_POPOVER_TAG = "checkout-mini-cart-popover";
