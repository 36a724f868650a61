/** The data checkout's server-rendered pages show. Prices are integer cents. */

export interface Money {
  amount: number;
  currency: string;
}

export interface CartLineData {
  sku: string;
  productId: string | null;
  name: string;
  image: string;
  quantity: number;
  unitPrice: Money;
  lineTotal: Money;
  /** No longer sold, or sold out: the shopper must remove it before checking out. */
  unavailable: boolean;
}

export interface CartData {
  lines: CartLineData[];
  count: number;
  total: Money;
}

export type DeliveryData =
  | { type: "pickup"; storeId: string }
  | { type: "address"; name: string; street: string; postalCode: string; city: string; country: string };

export interface OrderData {
  id: string;
  state: "pending" | "confirmed" | "cancelled";
  reason: string | null;
  lines: { sku: string; name: string; quantity: number; unitPrice: Money }[];
  total: Money;
  delivery: DeliveryData;
  placedAt: string;
}
