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
