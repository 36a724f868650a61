/**
 * DOM events between fragments: their names and detail types, shared by the dispatching and
 * the listening side.
 */

/** Dispatched by `catalog-product-card` when a shopper saves or unsaves a product. */
export const WISHLIST_TOGGLED = "catalog:wishlist-toggled";
export interface WishlistToggledDetail {
  sku: string;
  saved: boolean;
}

export interface TesseraDomEvents {
  [WISHLIST_TOGGLED]: CustomEvent<WishlistToggledDetail>;
}
