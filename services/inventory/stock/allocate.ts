/**
 * Deciding where an order's units come from: all lines or nothing. From the given store only, or
 * else from any stores (the fullest first, splitting a line when no single store has enough), so an
 * order succeeds exactly when the total the shop shows is enough.
 */

/** A store's available units of a sku. */
export interface Shelf {
  sku: string;
  storeId: string;
  available: number;
}

/** Units of a sku taken from a store. */
export interface Allocation {
  sku: string;
  storeId: string;
  quantity: number;
}

/** A sku that could not be allocated: how many were wanted and how many there are. */
export interface Shortage {
  sku: string;
  wanted: number;
  available: number;
}

export type AllocationResult = { ok: true; allocations: Allocation[] } | { ok: false; shortages: Shortage[] };

/** Adds up the quantities of lines with the same sku. */
export function quantitiesBySku(lines: readonly { sku: string; quantity: number }[]): Map<string, number> {
  const wanted = new Map<string, number>();
  for (const line of lines) wanted.set(line.sku, (wanted.get(line.sku) ?? 0) + line.quantity);
  return wanted;
}

/** Allocates every wanted sku from `shelves`, or reports every sku that falls short. */
export function allocate(
  wanted: Map<string, number>,
  shelves: readonly Shelf[],
  storeId?: string,
): AllocationResult {
  const allocations: Allocation[] = [];
  const shortages: Shortage[] = [];
  for (const [sku, quantity] of wanted) {
    const candidates = shelves
      .filter((s) => s.sku === sku && (storeId === undefined || s.storeId === storeId) && s.available > 0)
      .sort((a, b) => b.available - a.available || a.storeId.localeCompare(b.storeId));
    const available = candidates.reduce((sum, s) => sum + s.available, 0);
    if (available < quantity) {
      shortages.push({ sku, wanted: quantity, available });
      continue;
    }
    let left = quantity;
    for (const shelf of candidates) {
      if (left === 0) break;
      const take = Math.min(left, shelf.available);
      allocations.push({ sku, storeId: shelf.storeId, quantity: take });
      left -= take;
    }
  }
  return shortages.length > 0 ? { ok: false, shortages } : { ok: true, allocations };
}

/** A sentence a shopper understands, naming each sku that falls short. */
export function describeShortages(shortages: readonly Shortage[], storeId?: string): string {
  const where = storeId ? ` at ${storeId}` : "";
  return shortages
    .map((s) =>
      s.available === 0
        ? `${s.sku} is sold out${where}.`
        : `Only ${s.available} of ${s.sku} left${where} (${s.wanted} wanted).`,
    )
    .join(" ");
}
