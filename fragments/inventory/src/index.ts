/**
 * Client entry of the inventory fragment: importing it defines `<inventory-stock>`. The shop needs
 * no JavaScript for it (it is server-rendered Declarative Shadow DOM, not yet a federated remote);
 * the server imports this to render it.
 */
import { InventoryStock } from "./stock-badge";
import { STOCK_TAG } from "./tags";

if (!customElements.get(STOCK_TAG)) customElements.define(STOCK_TAG, InventoryStock);

export type { StockStatus, StoreStock } from "./stock-badge";
export { InventoryStock, STOCK_TAG };
