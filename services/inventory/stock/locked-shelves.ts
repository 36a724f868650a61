/**
 * Stock rows a transaction holds locked: every store's row of the skus it touches, locked once,
 * in (sku, store) order — the one order every writer of stock rows follows, so no two
 * transactions deadlock on them. Changes are made in memory and written in one statement at the
 * end; the totals after them (for `inventory.stock-changed`) are known without reading again.
 */

import { plainQuery, type Tx } from "@tessera/chassis/db";
import type { Shelf } from "./allocate.ts";

/** Every store's row of the skus, locked in (sku, store) order. */
const LOCK = `select sku, store_id as "storeId", available, reserved, sold from stock
  where sku = any($1::text[]) order by sku, store_id for update`;

/** The changed rows' new counts, in one statement. */
const WRITE = `update stock as s
  set available = v.available, reserved = v.reserved, sold = v.sold, updated_at = $6::timestamptz
  from unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::int[]) as v(sku, store_id, available, reserved, sold)
  where s.sku = v.sku and s.store_id = v.store_id`;

/** Units moved on a shelf: how much each column changes by. */
export interface Move {
  available?: number;
  reserved?: number;
  sold?: number;
}

interface Row extends Shelf {
  reserved: number;
  sold: number;
  changed: boolean;
}

const key = (sku: string, storeId: string) => `${sku}\u0000${storeId}`;

export class LockedShelves {
  private readonly rows = new Map<string, Row>();

  private constructor(rows: readonly Omit<Row, "changed">[]) {
    for (const r of rows) this.rows.set(key(r.sku, r.storeId), { ...r, changed: false });
  }

  /** Locks every store's row of `skus` (`for update`, in sku then store order). */
  static async lock(tx: Tx, skus: Iterable<string>): Promise<LockedShelves> {
    const wanted = [...new Set(skus)].sort();
    if (wanted.length === 0) return new LockedShelves([]);
    const rows = await plainQuery<Omit<Row, "changed">>(tx, LOCK, [wanted]);
    return new LockedShelves(rows);
  }

  /** Every store's shelf of `skus` as it stands now (after the moves so far). */
  shelves(skus: Iterable<string>): Shelf[] {
    const of = new Set(skus);
    return [...this.rows.values()]
      .filter((r) => of.has(r.sku))
      .map(({ sku, storeId, available }) => ({ sku, storeId, available }));
  }

  /** Whether this transaction holds the row of `sku` at `storeId`. */
  holds(sku: string, storeId: string): boolean {
    return this.rows.has(key(sku, storeId));
  }

  /** Moves units on a locked shelf (throws for a row not locked here, before anything is written). */
  move(sku: string, storeId: string, by: Move): void {
    const row = this.rows.get(key(sku, storeId));
    if (!row) throw new Error(`The stock row of ${sku} at ${storeId} is not locked by this transaction`);
    row.available += by.available ?? 0;
    row.reserved += by.reserved ?? 0;
    row.sold += by.sold ?? 0;
    row.changed = true;
  }

  /** Total available units of each sku in `skus`, over every store. */
  totals(skus: Iterable<string>): Map<string, number> {
    const totals = new Map<string, number>();
    for (const sku of skus) totals.set(sku, 0);
    for (const r of this.rows.values()) {
      const total = totals.get(r.sku);
      if (total !== undefined) totals.set(r.sku, total + r.available);
    }
    return totals;
  }

  /** Writes every changed row in one statement (the table's checks still apply). */
  async write(tx: Tx, at: Date): Promise<void> {
    const changed = [...this.rows.values()].filter((r) => r.changed);
    if (changed.length === 0) return;
    await plainQuery(tx, WRITE, [
      changed.map((r) => r.sku),
      changed.map((r) => r.storeId),
      changed.map((r) => r.available),
      changed.map((r) => r.reserved),
      changed.map((r) => r.sold),
      at,
    ]);
    for (const r of changed) r.changed = false;
  }
}
