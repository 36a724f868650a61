/** Custom element tag of the stock badge; shared by the SSR renderer, the component and the manifest. */
export const STOCK_TAG = "inventory-stock";
