/**
 * Client entry of the inventory fragment (exposed to Module Federation as `./stock`): importing it
 * defines `<inventory-stock>`, which hydrates the server-rendered badge. The server imports it too,
 * to render the badge.
 */
import { InventoryStock } from "./stock-badge";
import { STOCK_TAG } from "./tags";

if (!customElements.get(STOCK_TAG)) customElements.define(STOCK_TAG, InventoryStock);

export type { StockStatus, StoreStock } from "./stock-badge";
export { InventoryStock, STOCK_TAG };
