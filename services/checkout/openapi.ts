/**
 * Checkout's OpenAPI 3.1 document (`GET /openapi.json`): the form endpoints, the cart and orders
 * APIs, the fragments and the remote's assets, generated from the zod schemas the routes
 * validate with.
 */

import { IDENTITY_HEADER } from "@tessera/chassis/access";
import {
  fragmentServerOperations,
  html,
  json,
  type Operation,
  openApiDocument,
  problem,
  type ResponseSpec,
  redirect,
} from "@tessera/chassis/openapi";
import { Delivery, Money, OrderId, OrderLineWithPrice } from "@tessera/contracts/events";
import { FragmentManifest } from "@tessera/contracts/fragment-manifest";
import { z } from "zod";
import { CART_HEADER } from "./cart/cart-id.ts";
import { AddInput, RemoveInput, UpdateInput } from "./routes/cart.ts";
import { AddToCartQuery, PageQuery, ThanksQuery } from "./routes/fragments.ts";
import { OpsAuditQuery } from "./routes/ops-audit.ts";
import { ListQuery, OrderIdPath } from "./routes/orders.ts";
import { PlaceOrderForm } from "./routes/place-order.ts";

const CartLine = z.object({
  sku: z.string(),
  productId: z.string().nullable(),
  name: z.string(),
  image: z.string(),
  quantity: z.number().int().min(1).max(10),
  unitPrice: Money,
  lineTotal: Money,
  available: z.number().int().nullable(),
  unavailable: z.boolean(),
});
const CartSummary = z.object({ count: z.number().int(), total: Money, lines: z.array(CartLine) });
const CartChange = CartSummary.extend({ sku: z.string() });
const Order = z.object({
  id: OrderId,
  state: z.enum(["pending", "confirmed", "cancelled"]),
  reason: z.string().nullable(),
  customerId: z.string().nullable(),
  lines: z.array(OrderLineWithPrice),
  total: Money,
  delivery: Delivery,
  placedAt: z.string(),
  updatedAt: z.string(),
});

/** Who the shopper is, as the composer says: both optional, an invalid cart id is ignored. */
const Shopper = z.object({
  [CART_HEADER]: z.string().optional().describe("The cart (from the tessera_cart cookie)"),
  [IDENTITY_HEADER]: z
    .string()
    .optional()
    .describe("The composer's internal identity token for checkout (ES256 JWT, audience checkout)"),
});

const form = (
  path: string,
  summary: string,
  schema: z.ZodType,
  ok: ResponseSpec & { status?: number },
): Operation => ({
  method: "post",
  path,
  summary,
  description:
    "A browser's form gets `303 See Other`; a component's `accept: application/json` gets JSON or a problem.",
  headers: Shopper,
  body: { schema, media: ["form", "json"] },
  responses: {
    [ok.status ?? 200]: ok,
    303: redirect("A form post: to the next page, or back with `?error=<code>`"),
    400: problem("The JSON body is not an object"),
    404: problem("Unknown product, or a line not in the cart (JSON)"),
    409: problem("Sold out, not enough stock, or an empty cart (JSON)"),
    415: problem("Neither a form nor JSON"),
    422: problem("A field is invalid (named in `detail`, JSON)"),
  },
});

const fragment = (name: string, query?: z.ZodObject, extra: Operation["responses"] = {}): Operation => ({
  method: "get",
  path: `/fragments/${name}`,
  summary: `The checkout/${name} fragment (Lit SSR)`,
  headers: Shopper,
  ...(query ? { query } : {}),
  responses: { 200: html("The fragment"), ...extra },
});

const operations: Operation[] = [
  {
    method: "get",
    path: "/ops/audit",
    summary: "Audit entries (orders placed and cancelled), newest first, by user (operators only)",
    tags: ["ops"],
    query: OpsAuditQuery,
    responses: {
      200: json(
        z.object({
          items: z.array(
            z.object({
              action: z.string(),
              userId: z.string().nullable(),
              subject: z.string(),
              detail: z.string().nullable(),
              traceId: z.string().nullable(),
              occurredAt: z.string(),
            }),
          ),
        }),
        "The entries",
      ),
      401: problem("No operator signed in"),
      403: problem("The caller is not an operator"),
      422: problem("A bad user id or limit"),
    },
  },
  form("/checkout/cart/add", "Add units of a variant (starts the cart: set-cookie)", AddInput, {
    ...json(CartChange, "The cart after the change (JSON)"),
  }),
  form("/checkout/cart/update", "Set a line's quantity", UpdateInput, json(CartChange, "The cart (JSON)")),
  form("/checkout/cart/remove", "Remove a line", RemoveInput, json(CartChange, "The cart (JSON)")),
  form("/checkout/place-order", "Place the cart as an order and wait for its outcome", PlaceOrderForm, {
    ...json(Order, "The order (JSON)"),
    status: 201,
  }),
  {
    method: "get",
    path: "/api/cart",
    summary: "The shopper's cart (empty when there is none)",
    headers: Shopper,
    responses: { 200: json(CartSummary, "The cart") },
  },
  {
    method: "get",
    path: "/api/orders",
    summary: "A customer's orders (only for that customer: the identity token's subject)",
    headers: Shopper,
    query: ListQuery,
    responses: {
      200: json(z.object({ items: z.array(Order) }), "Newest first"),
      401: problem("No signed-in user (no identity token for checkout)"),
      403: problem("The signed-in user is not that customer"),
      422: problem("No customer given"),
    },
  },
  {
    method: "get",
    path: "/api/orders/{id}",
    summary: "One order (for the cart or the user that placed it)",
    headers: Shopper,
    params: OrderIdPath,
    responses: { 200: json(Order, "The order"), 404: problem("Malformed, unknown, or not this shopper's") },
  },
  fragment("add-to-cart", AddToCartQuery, { 422: problem("No or a malformed sku") }),
  fragment("mini-cart"),
  fragment("cart-page", PageQuery),
  fragment("checkout-page", PageQuery),
  fragment("thanks-page", ThanksQuery, { 404: problem("No order number, or not this shopper's order") }),
  ...fragmentServerOperations({ manifest: FragmentManifest, remote: true }),
];

export function apiDocument(version: string) {
  return openApiDocument({
    title: "Tessera checkout",
    version,
    description: "The cart, its forms, orders and the checkout saga's entry point.",
    operations,
    problemExtensions: {
      reason: z.string().optional().describe("The message code the pages show (`?error=`)"),
    },
  });
}
