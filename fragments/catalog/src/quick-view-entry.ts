/** Federated `./quick-view`: importing it defines `<catalog-quick-view>` (a client-only region). */
import { CatalogQuickView } from "./quick-view";
import { QUICK_VIEW_TAG } from "./tags";

if (!customElements.get(QUICK_VIEW_TAG)) customElements.define(QUICK_VIEW_TAG, CatalogQuickView);

export { CatalogQuickView, QUICK_VIEW_TAG };
