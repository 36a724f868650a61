/**
 * Explore's seed: the details of the shop's five stores (their ids are the shared reference ids
 * of contracts/reference/stores.ts). Idempotent: stores that exist are left as they are.
 */
import type { Db } from "@tessera/chassis/db";
import type { StoreId } from "@tessera/contracts/reference/stores";
import { type OpeningHours, stores } from "./schema.ts";

export interface SeedStore {
  id: StoreId;
  name: string;
  street: string;
  postalCode: string;
  city: string;
  country: string;
  phone: string;
  hours: OpeningHours[];
}

const WEEKDAYS = "Monday – Friday";

export const SEED_STORES: SeedStore[] = [
  {
    id: "store-hamburg",
    name: "Tessera Hamburg",
    street: "Am Sandtorkai 41",
    postalCode: "20457",
    city: "Hamburg",
    country: "Germany",
    phone: "+49 40 5550 1200",
    hours: [
      { days: WEEKDAYS, hours: "09:00 – 19:00" },
      { days: "Saturday", hours: "09:00 – 16:00" },
      { days: "Sunday", hours: "Closed" },
    ],
  },
  {
    id: "store-munich",
    name: "Tessera Munich",
    street: "Landsberger Straße 312",
    postalCode: "80687",
    city: "Munich",
    country: "Germany",
    phone: "+49 89 5550 3400",
    hours: [
      { days: WEEKDAYS, hours: "08:30 – 18:30" },
      { days: "Saturday", hours: "09:00 – 15:00" },
      { days: "Sunday", hours: "Closed" },
    ],
  },
  {
    id: "store-berlin",
    name: "Tessera Berlin",
    street: "Holzmarktstraße 25",
    postalCode: "10243",
    city: "Berlin",
    country: "Germany",
    phone: "+49 30 5550 7800",
    hours: [
      { days: WEEKDAYS, hours: "10:00 – 20:00" },
      { days: "Saturday", hours: "10:00 – 18:00" },
      { days: "Sunday", hours: "Closed" },
    ],
  },
  {
    id: "store-cologne",
    name: "Tessera Cologne",
    street: "Deutz-Mülheimer Straße 147",
    postalCode: "51063",
    city: "Cologne",
    country: "Germany",
    phone: "+49 221 5550 9100",
    hours: [
      { days: WEEKDAYS, hours: "09:00 – 18:00" },
      { days: "Saturday", hours: "09:00 – 14:00" },
      { days: "Sunday", hours: "Closed" },
    ],
  },
  {
    id: "store-vienna",
    name: "Tessera Vienna",
    street: "Laxenburger Straße 90",
    postalCode: "1100",
    city: "Vienna",
    country: "Austria",
    phone: "+43 1 5550 2300",
    hours: [
      { days: WEEKDAYS, hours: "09:00 – 18:00" },
      { days: "Saturday", hours: "09:00 – 17:00" },
      { days: "Sunday", hours: "Closed" },
    ],
  },
];

/** Inserts the stores that are missing; resolves with how many it inserted. */
export async function seedStores(db: Db, seed: SeedStore[] = SEED_STORES): Promise<number> {
  const rows = await db
    .insert(stores)
    .values(seed.map((s, position) => ({ ...s, position })))
    .onConflictDoNothing()
    .returning({ id: stores.id });
  return rows.length;
}
