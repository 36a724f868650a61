/**
 * What `<inventory-stock>` asks when hydrated: a sku's live stock from the inventory service,
 * through the composer's API gateway (`GET /api/inventory/stock/<sku>`, which the service sees as
 * `GET /api/stock/<sku>`). Never throws: undefined when the answer is not a stock view.
 */
import type { StockStatus, StoreStock } from "./stock-badge";

export interface StockView {
  sku: string;
  available: number;
  status: StockStatus;
  stores: StoreStock[];
}

const STATUSES: readonly string[] = ["in-stock", "low", "sold-out"];

const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;

function isStoreStock(value: unknown): value is StoreStock {
  const store = value as Partial<StoreStock> | null;
  return (
    typeof store?.storeId === "string" && isCount(store.available) && STATUSES.includes(store.status ?? "")
  );
}

/** Reads `sku`'s stock; undefined when the shop cannot be reached or answers anything else. */
export async function fetchStock(sku: string, fetcher: typeof fetch = fetch): Promise<StockView | undefined> {
  try {
    const response = await fetcher(`/api/inventory/stock/${encodeURIComponent(sku)}`, {
      headers: { accept: "application/json" },
      credentials: "same-origin",
    });
    if (!response.ok) {
      await response.body?.cancel();
      return undefined;
    }
    const view = (await response.json()) as Partial<StockView>;
    if (
      view.sku !== sku ||
      !isCount(view.available) ||
      !STATUSES.includes(view.status ?? "") ||
      !Array.isArray(view.stores) ||
      !view.stores.every(isStoreStock)
    )
      return undefined;
    return view as StockView;
  } catch {
    return undefined;
  }
}
