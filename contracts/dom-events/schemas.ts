/**
 * Runtime checks of the DOM events' details, for tests on both sides (kept apart from
 * `index.ts`, which browser components import, so zod stays out of their bundles). Each schema
 * is strict: a dispatcher adding, renaming or dropping a field fails its check.
 */
import { z } from "zod";
import {
  CART_UPDATED,
  type CartUpdatedDetail,
  REGION_REQUESTED,
  type RegionRequestedDetail,
  STORE_SELECTED,
  type StoreSelectedDetail,
  WISHLIST_TOGGLED,
  type WishlistToggledDetail,
} from "./index.ts";

export const WishlistToggledDetailSchema = z.strictObject({ sku: z.string().min(1), saved: z.boolean() });
export const CartUpdatedDetailSchema = z.strictObject({
  count: z.number().int().nonnegative(),
  total: z.strictObject({ amount: z.number().int(), currency: z.string().length(3) }),
  sku: z.string().min(1).optional(),
});
export const StoreSelectedDetailSchema = z.strictObject({
  storeId: z.string().min(1),
  name: z.string().min(1),
});

export const RegionRequestedDetailSchema = z.strictObject({
  module: z.string().regex(/^[a-z0-9_-]+\/[a-z0-9_-]+$/),
  element: z.string().regex(/^[a-z]+-[a-z0-9-]+$/),
  mount: z.boolean(),
  key: z.string().min(1).optional(),
  attributes: z.record(z.string(), z.string()).optional(),
  result: z.custom<Promise<HTMLElement | null>>((v) => v instanceof Promise).optional(),
});

// The schemas and the declared interfaces must describe the same shape.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const agree: [
  Same<z.infer<typeof WishlistToggledDetailSchema>, WishlistToggledDetail>,
  Same<z.infer<typeof CartUpdatedDetailSchema>, CartUpdatedDetail>,
  Same<z.infer<typeof StoreSelectedDetailSchema>, StoreSelectedDetail>,
  Same<z.infer<typeof RegionRequestedDetailSchema>, RegionRequestedDetail>,
] = [true, true, true, true];
void agree;

/** Every cross-team DOM event's detail schema, by name. */
export const DOM_EVENT_SCHEMAS = {
  [WISHLIST_TOGGLED]: WishlistToggledDetailSchema,
  [CART_UPDATED]: CartUpdatedDetailSchema,
  [STORE_SELECTED]: StoreSelectedDetailSchema,
  [REGION_REQUESTED]: RegionRequestedDetailSchema,
} as const;
