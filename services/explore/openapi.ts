/**
 * Explore's OpenAPI 3.1 document (`GET /openapi.json`): the listing and stores APIs, the operator
 * endpoint, the fragments and the remote's assets, generated from the zod schemas the routes
 * validate with. The response schemas describe the views the routes build; `openapi.test.ts`
 * checks real answers against them.
 */
import {
  fragmentServerOperations,
  html,
  json,
  type Operation,
  openApiDocument,
  problem,
} from "@tessera/chassis/openapi";
import { Money } from "@tessera/contracts/events";
import { FragmentManifest } from "@tessera/contracts/fragment-manifest";
import { STYLESHEET_FILE } from "@tessera/explore-fragments/server";
import { z } from "zod";
import { CategoryQuery, HeaderQuery, RecommendationsQuery, StorePickerQuery } from "./routes/fragments.ts";
import { ListQuery, SkuPath } from "./routes/listings.ts";
import { StoreIdPath } from "./routes/stores.ts";

/** A listing: one variant as explore learned it from catalog's events. */
export const ListingView = z.strictObject({
  sku: z.string(),
  productId: z.string(),
  productName: z.string(),
  name: z.string(),
  category: z.string(),
  categoryName: z.string().nullable(),
  color: z.string(),
  colorName: z.string(),
  price: Money,
  image: z.string(),
  changedAt: z.iso.datetime(),
});

/** A store with its address and opening hours. */
export const StoreView = z.strictObject({
  id: z.string(),
  name: z.string(),
  street: z.string(),
  postalCode: z.string(),
  city: z.string(),
  country: z.string(),
  phone: z.string(),
  hours: z.array(z.strictObject({ days: z.string(), hours: z.string() })),
  position: z.number().int(),
});

const fragment = (
  name: string,
  summary: string,
  query?: z.ZodObject,
  extra: Operation["responses"] = {},
): Operation => ({
  method: "get",
  path: `/fragments/${name}`,
  summary,
  ...(query ? { query } : {}),
  responses: {
    200: html("The fragment"),
    ...(query ? { 422: problem("A malformed parameter") } : {}),
    ...extra,
  },
});

const operations: Operation[] = [
  {
    method: "get",
    path: "/api/products",
    summary: "The listing, by name, optionally of one category",
    query: ListQuery,
    responses: {
      200: json(z.strictObject({ items: z.array(ListingView) }), "The listings"),
      422: problem("A malformed category slug"),
    },
  },
  {
    method: "get",
    path: "/api/products/{sku}",
    summary: "One listing",
    params: SkuPath,
    responses: { 200: json(ListingView, "The listing"), 404: problem("A malformed or unknown sku") },
  },
  {
    method: "get",
    path: "/api/stores",
    summary: "The stores, in shop order",
    responses: { 200: json(z.strictObject({ items: z.array(StoreView) }), "The stores") },
  },
  {
    method: "get",
    path: "/api/stores/{id}",
    summary: "One store",
    params: StoreIdPath,
    responses: { 200: json(StoreView, "The store"), 404: problem("A malformed or unknown store id") },
  },
  {
    method: "post",
    path: "/ops/rebuild-listings",
    summary: "Empty the listing read model and replay catalog.product-changed from the start",
    tags: ["ops"],
    responses: {
      202: json(
        z.strictObject({
          status: z.literal("rebuilding"),
          readModel: z.literal("listings"),
          consumer: z.string(),
        }),
        "The replay started; the listing fills again as it proceeds",
      ),
    },
  },
  fragment("header", "The header (explore/header) with the category navigation", HeaderQuery),
  fragment("footer", "The footer (explore/footer)"),
  fragment("home-page", "The home page (explore/home-page)"),
  fragment("category-page", "A category's or all products (explore/category-page)", CategoryQuery, {
    404: problem("No such category"),
  }),
  fragment("stores-page", "The stores page (explore/stores-page)"),
  fragment("recommendations", "Recommendations for a sku (explore/recommendations)", RecommendationsQuery),
  fragment("store-picker", "The store picker (explore/store-picker, Lit SSR)", StorePickerQuery),
  ...fragmentServerOperations({
    manifest: FragmentManifest,
    stylesheet: { file: STYLESHEET_FILE },
    remote: true,
  }),
];

export function apiDocument(version: string) {
  return openApiDocument({
    title: "Tessera explore",
    version,
    description: "Listings built from catalog's events, the stores, and the shop's navigation and pages.",
    operations,
  });
}
