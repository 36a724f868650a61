/**
 * DOM events between fragments: their names and detail types, shared by the dispatching and
 * the listening side. Every cross-team event bubbles and is composed (it crosses shadow roots).
 */

/** Dispatched by `catalog-product-card` when a shopper saves or unsaves a product. */
export const WISHLIST_TOGGLED = "catalog:wishlist-toggled";
export interface WishlistToggledDetail {
  sku: string;
  saved: boolean;
}

/** Dispatched by checkout's components after the cart changed (add, remove, quantity). */
export const CART_UPDATED = "checkout:cart-updated";
export interface CartUpdatedDetail {
  /** Number of items in the cart after the change. */
  count: number;
  total: { amount: number; currency: string };
  /** The sku that changed, when one did. */
  sku?: string;
}

/** Dispatched by explore's store picker when the shopper picks a pickup store. */
export const STORE_SELECTED = "explore:store-selected";
export interface StoreSelectedDetail {
  storeId: string;
  name: string;
}

/** Every cross-team DOM event, by name: for `addEventListener` typing. */
export interface TesseraDomEvents {
  [WISHLIST_TOGGLED]: CustomEvent<WishlistToggledDetail>;
  [CART_UPDATED]: CustomEvent<CartUpdatedDetail>;
  [STORE_SELECTED]: CustomEvent<StoreSelectedDetail>;
}
