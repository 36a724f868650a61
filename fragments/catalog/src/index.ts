/**
 * Client entry of the catalog fragment (exposed to Module Federation as `./product-card`):
 * importing it defines `<catalog-product-card>`, which hydrates any server-rendered instance.
 */
import { CatalogProductCard } from "./product-card";
import { PRODUCT_CARD_TAG } from "./tags";

if (!customElements.get(PRODUCT_CARD_TAG)) customElements.define(PRODUCT_CARD_TAG, CatalogProductCard);

export type { WishlistToggledDetail } from "./product-card";
export { CatalogProductCard, PRODUCT_CARD_TAG };
