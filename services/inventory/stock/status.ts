/** What a shopper is told about a quantity: in stock, low ("Only 3 left") or sold out. */

/** At or below this many units (and above zero) the stock is shown as low. */
export const LOW_STOCK_THRESHOLD = 5;

export type StockStatus = "in-stock" | "low" | "sold-out";

/** The status of `available` units. */
export function stockStatus(available: number): StockStatus {
  if (available <= 0) return "sold-out";
  return available <= LOW_STOCK_THRESHOLD ? "low" : "in-stock";
}
