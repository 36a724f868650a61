/**
 * The shopper's orders, from checkout's `GET /api/orders?customer=<id>`, asked on the shopper's
 * behalf with the identity token the composer delegated to identity for checkout (audience
 * `checkout`; identity's own token would be refused there). Tolerant: any failure — no answer, an error status, a body of another shape —
 * resolves `undefined` and is logged, so the account page says the orders cannot be shown
 * instead of failing.
 */
import type { HttpClient } from "@tessera/chassis/http";
import type { OrderView } from "@tessera/identity-fragments/server";
import type { Logger } from "pino";
import { z } from "zod";

const Money = z.object({ amount: z.number().int(), currency: z.string().min(3).max(3) });

const OrderLine = z.object({
  sku: z.string(),
  name: z.string(),
  quantity: z.number().int(),
  /** Money, or a bare amount in the order's currency. */
  unitPrice: z.union([Money, z.number().int()]),
});

const Order = z.object({
  id: z.string(),
  state: z.string(),
  total: Money,
  placedAt: z.string(),
  lines: z.array(OrderLine).default([]),
});

export const OrderHistory = z.object({ items: z.array(Order) });

export interface OrderHistoryOptions {
  http: HttpClient;
  checkoutUrl: string;
  timeoutMs: number;
  log: Logger;
}

export async function fetchOrderHistory(
  userId: string,
  options: OrderHistoryOptions,
  /** The headers that speak for the shopper to checkout (`delegatedHeaders(c, "checkout")`). */
  identity: Record<string, string> = {},
): Promise<OrderView[] | undefined> {
  const url = new URL("/api/orders", options.checkoutUrl);
  url.searchParams.set("customer", userId);
  try {
    const body = await options.http.json<unknown>(url, {
      headers: identity,
      timeoutMs: options.timeoutMs,
      spanName: "GET checkout orders",
    });
    const { items } = OrderHistory.parse(body);
    return items
      .map((order) => ({
        ...order,
        lines: order.lines.map((line) => ({
          ...line,
          unitPrice:
            typeof line.unitPrice === "number"
              ? { amount: line.unitPrice, currency: order.total.currency }
              : line.unitPrice,
        })),
      }))
      .sort((a, b) => (Date.parse(b.placedAt) || 0) - (Date.parse(a.placedAt) || 0));
  } catch (error) {
    options.log.warn({ err: error, upstream: options.checkoutUrl }, "order history unavailable");
    return undefined;
  }
}
