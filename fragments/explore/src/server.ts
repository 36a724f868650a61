/**
 * Server-side rendering of explore's fragments: light-DOM HTML for the pages, header, footer and
 * recommendations, and Lit SSR (declarative shadow DOM) for the store picker.
 */

export { escapeHtml, formatPrice, html, raw } from "@tessera/chassis/html";
export { renderFooter } from "./footer";
export { renderHeader } from "./header";
export { renderCategoryPage, renderHomePage, renderRecommendations, renderStoresPage } from "./pages";
export { renderStorePicker, renderStoreRadios } from "./store-picker-view";
export { PUBLIC_ASSETS, STYLESHEET, STYLESHEET_FILE } from "./styles";
export type * from "./types";

import { type FooterData, renderFooter } from "./footer";
import { type HeaderData, renderHeader } from "./header";
import {
  type CategoryPageData,
  type HomePageData,
  renderCategoryPage,
  renderHomePage,
  renderRecommendations,
  renderStoresPage,
} from "./pages";
import { renderStorePicker, type StorePickerData } from "./store-picker-view";
import type { ProductTile, StoreDetails } from "./types";

/**
 * Every fragment this package renders, one uniform shape (JSON data in, HTML out): what the
 * explore service calls for its built-in version, and what a deployed release's worker calls
 * (see @tessera/chassis/releases).
 */
export const renderers = {
  header: (data: HeaderData) => renderHeader(data),
  footer: (data: FooterData) => renderFooter(data),
  "home-page": (data: HomePageData) => renderHomePage(data),
  "category-page": (data: CategoryPageData) => renderCategoryPage(data),
  "stores-page": (stores: StoreDetails[]) => renderStoresPage(stores),
  recommendations: (tiles: ProductTile[]) => renderRecommendations(tiles),
  "store-picker": (data: StorePickerData) => renderStorePicker(data),
};
