/**
 * Checkout's OpenAPI 3.1 document (`GET /openapi.json`): the form endpoints, the cart and orders
 * APIs and the fragments, with request schemas taken from the zod schemas the routes validate with.
 */
import { Delivery, Money, OrderId, OrderLineWithPrice } from "@tessera/contracts/events";
import { z } from "zod";
import { AddInput, RemoveInput, UpdateInput } from "./routes/cart.ts";
import { AddToCartQuery, PageQuery, ThanksQuery } from "./routes/fragments.ts";
import { ListQuery } from "./routes/orders.ts";
import { DeliveryForm, PaymentForm } from "./routes/place-order.ts";

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
const PlaceOrderForm = z.intersection(DeliveryForm, PaymentForm);

const json = (schema: z.ZodType, io: "input" | "output" = "output") => {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" });
  return rest;
};
const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
});
const headers = [
  { name: "x-tessera-cart-id", in: "header", required: false, schema: { type: "string" } },
  { name: "x-tessera-user", in: "header", required: false, schema: { type: "string" } },
];
const query = (schema: z.ZodObject) =>
  Object.entries(json(schema, "input").properties ?? {}).map(([name, s]) => ({
    name,
    in: "query",
    required: ((json(schema, "input").required as string[] | undefined) ?? []).includes(name),
    schema: s,
  }));
const form = (schema: z.ZodType, summary: string, okSchema: z.ZodType, okStatus = 200) => ({
  post: {
    summary,
    parameters: headers,
    requestBody: {
      required: true,
      content: {
        "application/x-www-form-urlencoded": { schema: json(schema, "input") },
        "application/json": { schema: json(schema, "input") },
      },
    },
    responses: {
      [okStatus]: {
        description: "With `accept: application/json`",
        content: { "application/json": { schema: json(okSchema) } },
      },
      303: { description: "A form post: to the next page, or back with `?error=<code>`" },
      404: problem("Unknown product, or a line not in the cart (JSON)"),
      409: problem("Sold out, not enough stock, or an empty cart (JSON)"),
      415: problem("Neither a form nor JSON"),
      422: problem("A field is invalid (named in `detail`, JSON)"),
    },
  },
});
const fragment = (summary: string, schema?: z.ZodObject) => ({
  get: {
    summary,
    parameters: [...headers, ...(schema ? query(schema) : [])],
    responses: {
      200: {
        description: "The fragment (Lit SSR)",
        content: { "text/html": { schema: { type: "string" } } },
      },
      404: problem("Not found (thanks page: unknown order, or not this shopper's)"),
      422: problem("A bad parameter"),
    },
  },
});

export function openApiDocument(version: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Tessera checkout",
      version,
      description: "The cart, its forms, orders and the checkout saga's entry point.",
    },
    paths: {
      "/checkout/cart/add": form(
        AddInput,
        "Add units of a variant (starts the cart: set-cookie)",
        CartChange,
      ),
      "/checkout/cart/update": form(UpdateInput, "Set a line's quantity", CartChange),
      "/checkout/cart/remove": form(RemoveInput, "Remove a line", CartChange),
      "/checkout/place-order": form(
        PlaceOrderForm,
        "Place the cart as an order and wait for its outcome",
        Order,
        201,
      ),
      "/api/cart": {
        get: {
          summary: "The shopper's cart",
          parameters: headers,
          responses: {
            200: { description: "The cart", content: { "application/json": { schema: json(CartSummary) } } },
          },
        },
      },
      "/api/orders": {
        get: {
          summary: "A customer's orders (only for that customer: x-tessera-user)",
          parameters: [...headers, ...query(ListQuery)],
          responses: {
            200: {
              description: "Newest first",
              content: { "application/json": { schema: json(z.object({ items: z.array(Order) })) } },
            },
            403: problem("x-tessera-user is not that customer"),
            422: problem("No customer given"),
          },
        },
      },
      "/api/orders/{id}": {
        get: {
          summary: "One order (for the cart or the user that placed it)",
          parameters: [...headers, { name: "id", in: "path", required: true, schema: json(OrderId) }],
          responses: {
            200: { description: "The order", content: { "application/json": { schema: json(Order) } } },
            404: problem("Unknown, or not this shopper's"),
          },
        },
      },
      "/fragments/add-to-cart": fragment("checkout/add-to-cart", AddToCartQuery),
      "/fragments/mini-cart": fragment("checkout/mini-cart"),
      "/fragments/cart-page": fragment("checkout/cart-page", PageQuery),
      "/fragments/checkout-page": fragment("checkout/checkout-page", PageQuery),
      "/fragments/thanks-page": fragment("checkout/thanks-page", ThanksQuery),
      "/fragments/manifest.json": {
        get: { summary: "The fragment manifest", responses: { 200: { description: "The manifest" } } },
      },
    },
    components: {
      schemas: {
        Problem: {
          type: "object",
          required: ["type", "title", "status", "detail", "code"],
          properties: {
            type: { type: "string" },
            title: { type: "string" },
            status: { type: "integer" },
            detail: { type: "string" },
            code: { type: "string" },
            reason: { type: "string", description: "The message code the pages show (`?error=`)" },
            instance: { type: "string" },
            trace_id: { type: "string" },
          },
        },
      },
    },
  };
}
