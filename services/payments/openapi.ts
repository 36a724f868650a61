/**
 * The payments API's OpenAPI 3.1 document (`GET /openapi.json`), generated from the same zod
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
import { FragmentManifest } from "@tessera/contracts/fragment-manifest";
import { stylesheet } from "@tessera/payments-fragments/manifest";
import { PaymentMethodQuery } from "./routes/fragments.ts";
import { OrderIdPath, PaymentView } from "./routes/payments.ts";

const operations: Operation[] = [
  {
    method: "get",
    path: "/api/payments/{orderId}",
    summary: "An order's payment attempt",
    params: OrderIdPath,
    responses: { 200: json(PaymentView, "The payment"), 404: problem("A malformed order id, or no payment") },
  },
  {
    method: "get",
    path: "/fragments/payment-method",
    summary: "The payment-method fieldset (payments/payment-method) for checkout's form",
    query: PaymentMethodQuery,
    responses: { 200: html("The fragment"), 422: problem("An unknown payment method") },
  },
  ...fragmentServerOperations({
    manifest: FragmentManifest,
    stylesheet: { file: stylesheet.file, summary: "The fieldset's stylesheet (content-hashed, immutable)" },
    remote: true,
  }),
];

export function apiDocument(version: string) {
  return openApiDocument({
    title: "Tessera payments",
    version,
    description: "A simulated payment provider with test cards.",
    operations,
  });
}
