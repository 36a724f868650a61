/**
 * The inventory API's OpenAPI 3.1 document, generated from the same zod schemas the routes
 * validate with (`GET /openapi.json`).
 */
import { Sku } from "@tessera/contracts/events";
import { z } from "zod";
import { Restock, StockView } from "./routes/stock.ts";

const json = (schema: z.ZodType) => {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: "output", unrepresentable: "any" });
  return rest;
};
const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
});
const skuParam = (where: "path" | "query") => ({ name: "sku", in: where, required: true, schema: json(Sku) });

export function openApiDocument(version: string) {
  return {
    openapi: "3.1.0",
    info: { title: "Tessera inventory", version, description: "Stock per variant and store." },
    paths: {
      "/api/stock/{sku}": {
        get: {
          summary: "A sku's availability: the total and each store's, with a status",
          parameters: [skuParam("path")],
          responses: {
            200: {
              description: "The availability",
              content: { "application/json": { schema: json(StockView) } },
            },
            404: problem("Inventory knows no stock for this sku"),
          },
        },
      },
      "/api/stock": {
        get: {
          summary: "The availability of several skus",
          parameters: [
            {
              name: "skus",
              in: "query",
              required: true,
              description: "1 to 100 skus, comma-separated",
              schema: { type: "string", example: "CL-01-GR,AU-01-SI" },
            },
          ],
          responses: {
            200: {
              description: "The known skus' availability, and the skus inventory does not know",
              content: {
                "application/json": {
                  schema: json(z.object({ items: z.array(StockView), unknown: z.array(Sku) })),
                },
              },
            },
            422: problem("A malformed list of skus"),
          },
        },
      },
      "/api/stock/{sku}/restock": {
        post: {
          summary: "Units arriving at a store",
          parameters: [skuParam("path")],
          requestBody: { required: true, content: { "application/json": { schema: json(Restock) } } },
          responses: {
            200: {
              description: "The new availability",
              content: { "application/json": { schema: json(StockView) } },
            },
            400: problem("The body is not JSON"),
            404: problem("Inventory knows no stock for this sku"),
            422: problem("A bad store or quantity"),
          },
        },
      },
      "/fragments/stock": {
        get: {
          summary: "The stock fragment (inventory/stock): server-rendered HTML",
          parameters: [skuParam("query")],
          responses: {
            200: { description: "The fragment", content: { "text/html": { schema: { type: "string" } } } },
            404: problem("Inventory knows no stock for this sku"),
            422: problem("No or a malformed sku"),
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
