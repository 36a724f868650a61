/**
 * The catalog's OpenAPI 3.1 document (`GET /openapi.json`): the product and category APIs, the
 * product images, the fragments and the remote's assets, generated from the zod schemas the
 * routes validate with. The response schemas here describe the views `db/queries.ts` builds;
 * `openapi.test.ts` checks real answers against them.
 */
import { STYLESHEET_FILE } from "@tessera/catalog-fragments/server";
import {
  fragmentServerOperations,
  html,
  json,
  media,
  type Operation,
  openApiDocument,
  problem,
  redirect,
} from "@tessera/chassis/openapi";
import { Money } from "@tessera/contracts/events";
import { FragmentManifest } from "@tessera/contracts/fragment-manifest";
import { z } from "zod";
import { ProductCardQuery, ProductPageQuery } from "./routes/fragments.ts";
import { ImagePath } from "./routes/images.ts";
import { ListQuery, ProductChange, SkuPath } from "./routes/products.ts";

/** A variant as `GET /api/products/:sku` shows it. */
export const VariantView = z.strictObject({
  sku: z.string(),
  productId: z.string(),
  productName: z.string(),
  name: z.string(),
  description: z.string(),
  category: z.string(),
  color: z.string(),
  colorName: z.string(),
  price: Money,
  image: z.string().describe("The image's path through the composer's gateway"),
  updatedAt: z.iso.datetime(),
});

/** A product with its variants in picker order, as `GET /api/products` lists it. */
export const ProductView = z.strictObject({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  category: z.string(),
  spec: z.array(z.strictObject({ label: z.string(), value: z.string() })),
  variants: z.array(
    z.strictObject({
      sku: z.string(),
      name: z.string(),
      color: z.string(),
      colorName: z.string(),
      price: Money,
      image: z.string(),
    }),
  ),
});

/** A category with how many products it holds. */
export const CategoryView = z.strictObject({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  productCount: z.number().int(),
});

const operations: Operation[] = [
  {
    method: "get",
    path: "/api/products",
    summary: "The products with their variants, optionally of one category",
    query: ListQuery,
    responses: {
      200: json(z.strictObject({ items: z.array(ProductView) }), "The products"),
      404: problem("No such category"),
      422: problem("A malformed category slug"),
    },
  },
  {
    method: "get",
    path: "/api/products/{sku}",
    summary: "One variant with its product",
    params: SkuPath,
    responses: { 200: json(VariantView, "The variant"), 404: problem("A malformed or unknown sku") },
  },
  {
    method: "patch",
    path: "/api/products/{sku}",
    summary: "Rename a variant or change its price (publishes catalog.product-changed)",
    params: SkuPath,
    body: { schema: ProductChange },
    responses: {
      200: json(VariantView, "The changed variant"),
      400: problem("The body is not JSON"),
      404: problem("A malformed or unknown sku"),
      422: problem("A bad name or price, an unknown field, or neither given"),
    },
  },
  {
    method: "get",
    path: "/api/categories",
    summary: "The shop's categories with their product counts",
    responses: { 200: json(z.strictObject({ items: z.array(CategoryView) }), "The categories") },
  },
  {
    method: "get",
    path: "/api/images/{file}",
    summary: "A variant's picture, drawn as SVG (one-year immutable cache)",
    params: ImagePath,
    responses: {
      200: media("image/svg+xml", "The drawing"),
      404: problem("A malformed file name, or no such sku"),
    },
  },
  {
    method: "get",
    path: "/fragments/product-card",
    summary: "The product-card fragment (catalog/product-card, Lit SSR)",
    query: ProductCardQuery,
    responses: {
      200: html("The fragment"),
      404: problem("No such sku"),
      422: problem("No or a malformed sku"),
    },
  },
  {
    method: "get",
    path: "/fragments/product-page",
    summary: "The product-page fragment (catalog/product-page)",
    query: ProductPageQuery,
    responses: {
      200: html("The fragment"),
      302: redirect("A sku of another product: to that product's page"),
      404: problem("No such product, or no such variant of it"),
      422: problem("No product id"),
    },
  },
  ...fragmentServerOperations({
    manifest: FragmentManifest,
    stylesheet: { file: STYLESHEET_FILE },
    remote: true,
  }),
];

export function apiDocument(version: string) {
  return openApiDocument({
    title: "Tessera catalog",
    version,
    description: "Categories, products and their variants, their pictures and fragments.",
    operations,
  });
}
