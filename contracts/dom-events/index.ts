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

/**
 * Dispatched by a component (bubbles, composed) that wants a client-only region — a popover, a
 * dialog — or another team's component defined; the shell (the listener) loads the federated
 * module only then, and sets `result`. A dispatcher that finds no `result` afterwards has no shell
 * and falls back (follows its link, or leaves the server-rendered HTML as it is).
 */
export const REGION_REQUESTED = "tessera:region-requested";
export interface RegionRequestedDetail {
  /** The federated module, `<alias>/<expose>` (its remote must be on the page). */
  module: string;
  /** The custom element the module defines. */
  element: string;
  /** true: mount one instance at the end of `<body>` (reused per element and `key`); false: only define it. */
  mount: boolean;
  key?: string;
  /** Attributes set on the mounted element (each time it is requested). */
  attributes?: Record<string, string>;
  /** Set by the shell: the mounted element (null when only defined); rejects when the module failed. */
  result?: Promise<HTMLElement | null>;
}

/** Every cross-team DOM event, by name: for `addEventListener` typing. */
export interface TesseraDomEvents {
  [WISHLIST_TOGGLED]: CustomEvent<WishlistToggledDetail>;
  [CART_UPDATED]: CustomEvent<CartUpdatedDetail>;
  [STORE_SELECTED]: CustomEvent<StoreSelectedDetail>;
  [REGION_REQUESTED]: CustomEvent<RegionRequestedDetail>;
}
