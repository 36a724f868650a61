/**
 * The inventory API's OpenAPI 3.1 document (`GET /openapi.json`), generated from the same zod
 * schemas the routes validate with.
 */
import {
  fragmentServerOperations,
  html,
  json,
  type Operation,
  openApiDocument,
  problem,
} from "@tessera/chassis/openapi";
import { Sku } from "@tessera/contracts/events";
import { FragmentManifest } from "@tessera/contracts/fragment-manifest";
import { z } from "zod";
import { StockQuery } from "./routes/fragments.ts";
import { BatchQuery, Restock, SkuPath, StockView } from "./routes/stock.ts";

const unknownSku = problem("Inventory knows no stock for this sku");

const operations: Operation[] = [
  {
    method: "get",
    path: "/api/stock",
    summary: "The availability of several skus",
    query: BatchQuery,
    responses: {
      200: json(
        z.object({ items: z.array(StockView), unknown: z.array(Sku) }),
        "The known skus' availability, and the skus inventory does not know",
      ),
      422: problem("A malformed list of skus"),
    },
  },
  {
    method: "get",
    path: "/api/stock/{sku}",
    summary: "A sku's availability: the total and each store's, with a status",
    params: SkuPath,
    responses: { 200: json(StockView, "The availability"), 404: problem("A malformed or unknown sku") },
  },
  {
    method: "post",
    path: "/api/stock/{sku}/restock",
    summary: "Units arriving at a store",
    params: SkuPath,
    body: { schema: Restock },
    responses: {
      200: json(StockView, "The new availability"),
      400: problem("The body is not JSON"),
      404: unknownSku,
      422: problem("A bad store or quantity"),
    },
  },
  {
    method: "get",
    path: "/fragments/stock",
    summary: "The stock fragment (inventory/stock): server-rendered HTML",
    query: StockQuery,
    responses: { 200: html("The fragment"), 404: unknownSku, 422: problem("No or a malformed sku") },
  },
  ...fragmentServerOperations({ manifest: FragmentManifest, remote: true }),
];

export function apiDocument(version: string) {
  return openApiDocument({
    title: "Tessera inventory",
    version,
    description: "Stock per variant and store.",
    operations,
  });
}
