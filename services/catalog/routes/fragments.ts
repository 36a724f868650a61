/**
 * The catalog's fragments: server-rendered Lit HTML (Declarative Shadow DOM) for the composer,
 * the fragment manifest that says what each fragment needs, and the federated remote's assets
 * for the shell.
 */

import { distDir, federation } from "@tessera/catalog-fragments/manifest";
import { renderProductCard, renderToStream } from "@tessera/catalog-fragments/server";
import type { Db } from "@tessera/chassis/db";
import { parseInput, serveFile } from "@tessera/chassis/service";
import { Hono } from "hono";
import { z } from "zod";
import { findProduct, Sku } from "./products.ts";

const ProductCardQuery = z.object({ sku: Sku });

/** Integrity (SRI sha384) of a built asset, or undefined when the fragment is not built. */
async function integrity(file: string): Promise<string | undefined> {
  const f = Bun.file(`${distDir}/${file}`);
  if (!(await f.exists())) return undefined;
  const digest = new Bun.CryptoHasher("sha384").update(await f.arrayBuffer()).digest("base64");
  return `sha384-${digest}`;
}

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
    },
    federation: {
      name: federation.name,
      alias: "catalog",
      manifest: `/assets/${federation.manifest}`,
      exposes: federation.exposes,
    },
    assets: {
      js: [{ path: "/assets/remoteEntry.js", integrity: await integrity("remoteEntry.js") }],
      css: [],
    },
  };
}

export function fragmentRoutes(db: Db): Hono {
  let manifest: ReturnType<typeof fragmentManifest> | undefined;
  return new Hono()
    .get("/manifest.json", async (c) => {
      manifest ??= fragmentManifest();
      return c.json(await manifest, 200, { "cache-control": "public, no-cache" });
    })
    .get("/product-card", async (c) => {
      const { sku } = parseInput(ProductCardQuery, c.req.query(), "query", "validation_failed");
      const product = await findProduct(db, sku);
      const html = renderProductCard({
        sku: product.sku,
        name: product.name,
        description: product.description,
        price: product.price.amount,
        currency: product.price.currency,
        image: product.image,
      });
      return c.body(renderToStream(html), 200, {
        "content-type": "text/html; charset=utf-8",
        "cache-control": "public, max-age=5, stale-while-revalidate=30, stale-if-error=300",
        "fragment-version": `catalog@${federation.version}`,
      });
    });
}

/** `GET /assets/*`: the federated remote built into `fragments/catalog/dist`. */
export function assetRoutes(): Hono {
  return new Hono().get("/*", (c) =>
    serveFile(c, distDir, c.req.path.replace(/^\/assets\//, ""), { cors: true }),
  );
}
