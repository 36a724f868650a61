/**
 * The catalog's fragments: server-rendered Lit HTML (Declarative Shadow DOM) for the composer,
 * the fragment manifest that says what each fragment needs, and the federated remote's assets
 * for the shell.
 */

import { distDir, federation } from "@tessera/catalog-fragments/manifest";
import { renderers, STYLESHEET, STYLESHEET_FILE } from "@tessera/catalog-fragments/server";
import type { Db } from "@tessera/chassis/db";
import { AppError } from "@tessera/chassis/errors";
import { FRAGMENT_BATCH_PATH } from "@tessera/chassis/http";
import {
  fragmentReleasesOf,
  manifestFederation,
  remoteAssetRoutes,
  remoteScripts,
} from "@tessera/chassis/releases";
import { parseInput } from "@tessera/chassis/service";
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { findProduct, findVariant } from "../db/queries.ts";
import { variants } from "../db/schema.ts";
import { Sku } from "./products.ts";

export const ProductCardQuery = z.object({ sku: Sku });
export const ProductPageQuery = z.object({
  id: z.string().min(1, { error: "give the product id" }),
  sku: z.string().optional(),
});
const ProductId = /^[A-Z0-9-]{2,32}$/;

const CACHE_CONTROL = "public, max-age=5, stale-while-revalidate=30, stale-if-error=300";

/** The built-in version renders in process; a release the composer asks for, in its own worker. */
export const fragmentReleases = fragmentReleasesOf({
  team: "catalog",
  version: federation.version,
  renderers,
});

/** The fragment manifest: endpoints, fallbacks, federation remote and assets, with the version. */
export async function fragmentManifest() {
  return {
    team: "catalog",
    version: federation.version,
    fragments: {
      "product-card": {
        endpoint: "/fragments/product-card",
        params: ["sku"],
        element: "catalog-product-card",
        module: "catalog/product-card",
        fallback: '<p class="fragment-fallback">This product is not available right now.</p>',
      },
      "product-page": {
        endpoint: "/fragments/product-page",
        params: ["id", "sku"],
        fallback:
          '<p class="fragment-fallback">This product cannot be shown right now. Please try again shortly.</p>',
      },
    },
    batch: FRAGMENT_BATCH_PATH,
    federation: manifestFederation("catalog", federation),
    assets: {
      js: await remoteScripts(distDir),
      css: [
        {
          path: `/assets/${STYLESHEET_FILE}`,
          integrity: `sha384-${new Bun.CryptoHasher("sha384").update(STYLESHEET).digest("base64")}`,
        },
      ],
    },
  };
}

export function fragmentRoutes(db: Db): Hono {
  let manifest: ReturnType<typeof fragmentManifest> | undefined;
  const releases = fragmentReleases();
  return new Hono()
    .get("/manifest.json", async (c) => {
      manifest ??= fragmentManifest();
      return c.json(await manifest, 200, { "cache-control": "public, no-cache" });
    })
    .get("/product-card", async (c) => {
      const { sku } = parseInput(ProductCardQuery, c.req.query(), "query", "validation_failed");
      const version = releases.select(c.req.raw);
      const product = await findVariant(db, sku);
      const html = await releases.render(version, "product-card", {
        sku: product.sku,
        name: product.name,
        description: product.description,
        price: product.price.amount,
        currency: product.price.currency,
        image: product.image,
      });
      return c.body(html, 200, releases.htmlHeaders(version, { cacheControl: CACHE_CONTROL }));
    })
    .get("/product-page", async (c) => {
      const { id, sku } = parseInput(ProductPageQuery, c.req.query(), "query");
      const version = releases.select(c.req.raw);
      const found = ProductId.test(id) ? await findProduct(db, id) : undefined;
      if (!found) throw new AppError("not_found", `No product with id "${id}"`, { id });
      const { product, category } = found;
      const chosen = sku ? product.variants.find((v) => v.sku === sku) : product.variants[0];
      if (!chosen && sku) {
        // a sku of another product: send the shopper to the page where it lives
        const [other] = ProductId.test(sku)
          ? await db.select({ productId: variants.productId }).from(variants).where(eq(variants.sku, sku))
          : [];
        if (other) {
          const location = `/product/${encodeURIComponent(other.productId)}?sku=${encodeURIComponent(sku)}`;
          return c.body(null, 302, { location, "cache-control": "no-store" });
        }
        throw new AppError("not_found", `No variant "${sku}" of product "${id}"`, { id, sku });
      }
      if (!chosen) throw new AppError("not_found", `Product "${id}" has no variants`, { id });
      const body = await releases.render(version, "product-page", {
        id: product.id,
        name: product.name,
        description: product.description,
        category: { id: category.id, name: category.name },
        spec: product.spec,
        sku: chosen.sku,
        variants: product.variants.map((v) => ({
          sku: v.sku,
          name: v.name,
          color: v.color,
          colorName: v.colorName,
          price: v.price.amount,
          currency: v.price.currency,
          image: v.image,
        })),
      });
      return c.body(body, 200, releases.htmlHeaders(version, { cacheControl: CACHE_CONTROL }));
    });
}

/**
 * `GET /assets/*`: the light-DOM fragments' stylesheet (content-hashed, immutable) and the
 * federated remote built into `fragments/catalog/dist`; a deployed release's remote under
 * `/assets/releases/<version>/`.
 */
export function assetRoutes(): Hono {
  return new Hono()
    .get(`/${STYLESHEET_FILE}`, (c) =>
      c.body(STYLESHEET, 200, {
        "content-type": "text/css; charset=utf-8",
        "cache-control": "public, max-age=31536000, immutable",
        "access-control-allow-origin": "*",
        "x-content-type-options": "nosniff",
      }),
    )
    .route("/", remoteAssetRoutes(fragmentReleases, distDir));
}
