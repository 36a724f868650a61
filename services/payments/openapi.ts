/**
 * The payments API's OpenAPI 3.1 document, generated from the same zod schemas the routes
 * validate with (`GET /openapi.json`).
 */
import { PaymentToken } from "@tessera/contracts/events";
import { z } from "zod";
import { OrderIdParam, PaymentView } from "./routes/payments.ts";

const json = (schema: z.ZodType) => {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: "output", unrepresentable: "any" });
  return rest;
};
const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
});

export function openApiDocument(version: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Tessera payments",
      version,
      description: "A simulated payment provider with test cards.",
    },
    paths: {
      "/api/payments/{orderId}": {
        get: {
          summary: "An order's payment attempt",
          parameters: [{ name: "orderId", in: "path", required: true, schema: json(OrderIdParam) }],
          responses: {
            200: {
              description: "The payment",
              content: { "application/json": { schema: json(PaymentView) } },
            },
            404: problem("The order has no payment"),
          },
        },
      },
      "/fragments/payment-method": {
        get: {
          summary: "The payment-method fieldset (payments/payment-method) for checkout's form",
          parameters: [{ name: "selected", in: "query", required: false, schema: json(PaymentToken) }],
          responses: {
            200: { description: "The fragment", content: { "text/html": { schema: { type: "string" } } } },
            422: problem("An unknown payment method"),
          },
        },
      },
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
            instance: { type: "string" },
            trace_id: { type: "string" },
          },
        },
      },
    },
  };
}
