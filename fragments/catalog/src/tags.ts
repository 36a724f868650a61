/** Custom element tag of the product card; shared by the client, the SSR renderer and the manifest. */
export const PRODUCT_CARD_TAG = "catalog-product-card";
