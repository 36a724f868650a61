/**
 * Inventory's fragments: the stock badge as server-rendered Lit HTML (Declarative Shadow DOM, no
 * JavaScript needed), and the fragment manifest saying so.
 */

import type { Db } from "@tessera/chassis/db";
import { parseInput } from "@tessera/chassis/service";
import { FragmentManifest } from "@tessera/contracts/fragment-manifest";
import { version } from "@tessera/inventory-fragments/manifest";
import { renderStock, renderToStream } from "@tessera/inventory-fragments/server";
import { Hono } from "hono";
import { z } from "zod";
import { getStock, SkuParam } from "./stock.ts";

export const StockQuery = z.object({ sku: SkuParam });

/** The fragment manifest: plain server fragments, so no element, module or federation remote. */
export const fragmentManifest: FragmentManifest = FragmentManifest.parse({
  team: "inventory",
  version,
  fragments: {
    stock: {
      endpoint: "/fragments/stock",
      params: ["sku"],
      fallback: '<p class="fragment-fallback">Stock information is not available right now.</p>',
    },
  },
  assets: { js: [], css: [] },
});

export function fragmentRoutes(db: Db): Hono {
  return new Hono()
    .get("/manifest.json", (c) => c.json(fragmentManifest, 200, { "cache-control": "public, no-cache" }))
    .get("/stock", async (c) => {
      const { sku } = parseInput(StockQuery, c.req.query(), "query");
      const view = await getStock(db, sku);
      return c.body(renderToStream(renderStock(view)), 200, {
        "content-type": "text/html; charset=utf-8",
        // Stock moves with every order: a short cache, and stale only when inventory is down.
        "cache-control": "public, max-age=2, stale-if-error=60",
        "fragment-version": `inventory@${version}`,
      });
    });
}
