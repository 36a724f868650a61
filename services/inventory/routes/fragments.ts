/**
 * Inventory's fragments: the stock badge as server-rendered Lit HTML (Declarative Shadow DOM) for
 * the composer, the fragment manifest that names the element the shell hydrates, and the
 * federated remote's assets.
 */

import type { Db } from "@tessera/chassis/db";
import { FRAGMENT_BATCH_PATH } from "@tessera/chassis/http";
import {
  fragmentReleasesOf,
  manifestFederation,
  remoteAssetRoutes,
  remoteScripts,
} from "@tessera/chassis/releases";
import { parseInput } from "@tessera/chassis/service";
import { distDir, federation } from "@tessera/inventory-fragments/manifest";
import { renderers } from "@tessera/inventory-fragments/server";
import { Hono } from "hono";
import { z } from "zod";
import { getStock, SkuParam } from "./stock.ts";

export const StockQuery = z.object({ sku: SkuParam });

/** The built-in version renders in process; a release the composer asks for, in its own worker. */
export const fragmentReleases = fragmentReleasesOf({
  team: "inventory",
  version: federation.version,
  renderers,
});

/** The fragment manifest: endpoint, fallback, the element the shell hydrates, the federated remote. */
export async function fragmentManifest() {
  return {
    team: "inventory",
    version: federation.version,
    fragments: {
      stock: {
        endpoint: "/fragments/stock",
        params: ["sku"],
        element: "inventory-stock",
        module: "inventory/stock",
        fallback: '<p class="fragment-fallback">Stock information is not available right now.</p>',
      },
    },
    batch: FRAGMENT_BATCH_PATH,
    federation: manifestFederation("inventory", federation),
    assets: { js: await remoteScripts(distDir), css: [] },
  };
}

export function fragmentRoutes(db: Db): Hono {
  let manifest: ReturnType<typeof fragmentManifest> | undefined;
  return new Hono()
    .get("/manifest.json", async (c) => {
      manifest ??= fragmentManifest();
      return c.json(await manifest, 200, { "cache-control": "public, no-cache" });
    })
    .get("/stock", async (c) => {
      const { sku } = parseInput(StockQuery, c.req.query(), "query");
      const releases = fragmentReleases();
      const version = releases.select(c.req.raw);
      const view = await getStock(db, sku);
      return c.body(
        await releases.render(version, "stock", view),
        200,
        // Stock moves with every order: a short cache, and stale only when inventory is down.
        releases.htmlHeaders(version, { cacheControl: "public, max-age=2, stale-if-error=60" }),
      );
    });
}

/**
 * `GET /assets/*`: the federated remote built into `fragments/inventory/dist`; a deployed release's
 * remote under `/assets/releases/<version>/`.
 */
export function assetRoutes(): Hono {
  return remoteAssetRoutes(fragmentReleases, distDir);
}
