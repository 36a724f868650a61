/** Order numbers shoppers can read out: `TSR-` and 10 characters of Crockford base32 (no I, L, O, U). */

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A new random order id, e.g. `TSR-7K3M9Q2XAB` (matches the contracts' `OrderId`). */
export function newOrderId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  return `TSR-${Array.from(bytes, (b) => ALPHABET[b % 32]).join("")}`;
}
