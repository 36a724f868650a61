/**
 * The shop's stores: shared reference ids. Explore owns their details (address, hours: the stores
 * page and the picker); inventory keeps stock per store id; checkout records the pickup store.
 */
export const STORE_IDS = [
  "store-hamburg",
  "store-munich",
  "store-berlin",
  "store-cologne",
  "store-vienna",
] as const;
export type StoreId = (typeof STORE_IDS)[number];
