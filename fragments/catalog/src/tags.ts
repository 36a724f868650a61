/** Custom element tag of the product card; shared by the client, the SSR renderer and the manifest. */
export const PRODUCT_CARD_TAG = "catalog-product-card";
/** A product's quick view: a client-only region, mounted by the shell (never server-rendered). */
export const QUICK_VIEW_TAG = "catalog-quick-view";
