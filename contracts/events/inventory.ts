/**
 * Inventory's messages. Commands it consumes (from the checkout saga) and the replies and events
 * it publishes. Version 1 each.
 */
import { z } from "zod";
import { OrderId, OrderLine, Sku, Timestamp } from "./common.ts";

/** Command: reserve stock for an order (from one store when `storeId` is given, else any). */
export const RESERVE_STOCK = "inventory.reserve-stock";
export const ReserveStockV1 = z.object({
  type: z.literal("ReserveStock"),
  version: z.literal(1),
  orderId: OrderId,
  lines: z.array(OrderLine).min(1),
  storeId: z.string().min(1).optional(),
});
export type ReserveStockV1 = z.infer<typeof ReserveStockV1>;

/** Reply: the whole order is reserved. */
export const STOCK_RESERVED = "inventory.stock-reserved";
export const StockReservedV1 = z.object({
  type: z.literal("StockReserved"),
  version: z.literal(1),
  orderId: OrderId,
  reservedAt: Timestamp,
});
export type StockReservedV1 = z.infer<typeof StockReservedV1>;

/** Reply: nothing was reserved (some line could not be). */
export const STOCK_REJECTED = "inventory.stock-rejected";
export const StockRejectedV1 = z.object({
  type: z.literal("StockRejected"),
  version: z.literal(1),
  orderId: OrderId,
  reason: z.string(),
  skus: z.array(Sku),
});
export type StockRejectedV1 = z.infer<typeof StockRejectedV1>;

/** Command: release an order's reservation (compensation). Idempotent; unknown orders are a no-op. */
export const RELEASE_STOCK = "inventory.release-stock";
export const ReleaseStockV1 = z.object({
  type: z.literal("ReleaseStock"),
  version: z.literal(1),
  orderId: OrderId,
  reason: z.string(),
});
export type ReleaseStockV1 = z.infer<typeof ReleaseStockV1>;

/** Command: the order is confirmed; its reserved stock becomes sold. */
export const COMMIT_STOCK = "inventory.commit-stock";
export const CommitStockV1 = z.object({
  type: z.literal("CommitStock"),
  version: z.literal(1),
  orderId: OrderId,
});
export type CommitStockV1 = z.infer<typeof CommitStockV1>;

/** Event: a variant's available stock changed (for read models). */
export const STOCK_CHANGED = "inventory.stock-changed";
export const StockChangedV1 = z.object({
  type: z.literal("StockChanged"),
  version: z.literal(1),
  sku: Sku,
  available: z.number().int().nonnegative(),
  changedAt: Timestamp,
});
export type StockChangedV1 = z.infer<typeof StockChangedV1>;
