/** Formats integer cents as a currency amount; falls back to "12.34 XYZ" for an unknown currency code. */
export function formatPrice(cents: number, currency: string): string {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).format(cents / 100);
  } catch {
    return `${(cents / 100).toFixed(2)} ${currency}`;
  }
}

/** "1 item", "3 items". */
export function itemCount(count: number): string {
  return `${count} ${count === 1 ? "item" : "items"}`;
}

/** A store's display name from its reference id (`store-munich` → "Tessera Munich"). */
export function storeName(id: string): string {
  const city = id.replace(/^store-/, "");
  return `Tessera ${city.charAt(0).toUpperCase()}${city.slice(1)}`;
}
