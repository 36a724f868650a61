/** Custom element tags of checkout's interactive fragments; shared by the client, the SSR renderer and the manifest. */
export const ADD_TO_CART_TAG = "checkout-add-to-cart";
export const MINI_CART_TAG = "checkout-mini-cart";
