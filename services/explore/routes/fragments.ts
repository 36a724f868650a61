/**
 * Explore's fragments: the header, footer, home, listing and stores pages, recommendations and
 * the store picker, rendered from explore's own read models; the fragment manifest; and the
 * federated remote's assets for the shell.
 */

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
import { distDir, federation } from "@tessera/explore-fragments/manifest";
import { renderers, renderStoreRadios, STYLESHEET, STYLESHEET_FILE } from "@tessera/explore-fragments/server";
import { type Context, Hono } from "hono";
import { z } from "zod";
import {
  categorySummaries,
  featuredTiles,
  listStores,
  productTiles,
  recommendations,
} from "../db/queries.ts";
import { SEED_STORES } from "../db/seed.ts";

const Slug = z
  .string()
  .regex(/^[a-z0-9-]{1,40}$/, { error: "expected a slug like classic (a-z, 0-9 and -)" });
const Sku = z.string().regex(/^[A-Z0-9-]{2,32}$/, { error: "expected a SKU like CL-01-GR (A-Z, 0-9 and -)" });
export const HeaderQuery = z.object({ current: z.union([Slug, z.literal("")]).optional() });
export const CategoryQuery = z.object({ category: z.union([Slug, z.literal("")]).optional() });
export const RecommendationsQuery = z.object({
  sku: Sku.optional(),
  limit: z.coerce.number().int().min(1).max(12).optional(),
});
export const StorePickerQuery = z.object({ selected: Slug.optional() });

/** The built-in version renders in process; a release the composer asks for, in its own worker. */
export const fragmentReleases = fragmentReleasesOf({
  team: "explore",
  version: federation.version,
  renderers,
});

/** Renders fragment `name` in the version the request asks for, as an HTML answer saying which. */
async function html(
  c: Context,
  name: keyof typeof renderers,
  data: unknown,
  cache = "public, max-age=5, stale-while-revalidate=30, stale-if-error=300",
) {
  const releases = fragmentReleases();
  const version = releases.select(c.req.raw);
  return c.body(
    await releases.render(version, name, data),
    200,
    releases.htmlHeaders(version, { cacheControl: cache }),
  );
}

/** Integrity (SRI sha384) of a text. */
function sri(text: string): string {
  return `sha384-${new Bun.CryptoHasher("sha384").update(text).digest("base64")}`;
}

const STATIC_NAV =
  '<a href="/">Tessera Tractors</a> · <a href="/products">All tractors</a> · <a href="/stores">Stores</a> · <a href="/checkout/cart">Cart</a>';

/** The fragment manifest: endpoints, params, fallbacks, the federated remote and its assets. */
export async function fragmentManifest() {
  return {
    team: "explore",
    version: federation.version,
    fragments: {
      header: {
        endpoint: "/fragments/header",
        params: ["current"],
        fallback: `<header class="fragment-fallback">${STATIC_NAV}</header>`,
      },
      footer: {
        endpoint: "/fragments/footer",
        params: [],
        fallback:
          '<footer class="fragment-fallback">© 2026 Tessera Tractors · <a href="/stores">Stores</a></footer>',
      },
      "home-page": {
        endpoint: "/fragments/home-page",
        params: [],
        fallback: `<p class="fragment-fallback">Our shop window is being rearranged. ${STATIC_NAV}</p>`,
      },
      "category-page": {
        endpoint: "/fragments/category-page",
        params: ["category"],
        fallback:
          '<p class="fragment-fallback">The product list cannot be shown right now. Please try again shortly.</p>',
      },
      "stores-page": {
        endpoint: "/fragments/stores-page",
        params: [],
        fallback:
          '<p class="fragment-fallback">The stores cannot be shown right now. Please try again shortly.</p>',
      },
      recommendations: {
        endpoint: "/fragments/recommendations",
        params: ["sku"],
        fallback: "",
      },
      "store-picker": {
        endpoint: "/fragments/store-picker",
        params: ["selected"],
        element: "explore-store-picker",
        module: "explore/store-picker",
        fallback: renderStoreRadios({ stores: SEED_STORES }),
      },
    },
    batch: FRAGMENT_BATCH_PATH,
    federation: manifestFederation("explore", federation),
    assets: {
      js: await remoteScripts(distDir),
      css: [{ path: `/assets/${STYLESHEET_FILE}`, integrity: sri(STYLESHEET) }],
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
    .get("/header", async (c) => {
      const { current } = parseInput(HeaderQuery, c.req.query(), "query");
      return html(c, "header", { categories: await categorySummaries(db), current: current || undefined });
    })
    .get("/footer", async (c) => {
      const [categories, stores] = await Promise.all([categorySummaries(db), listStores(db)]);
      return html(c, "footer", { categories, stores });
    })
    .get("/home-page", async (c) => {
      const [featured, categories, all] = await Promise.all([
        featuredTiles(db),
        categorySummaries(db),
        productTiles(db),
      ]);
      const imageOf = new Map(featured.map((t) => [t.category, t.image]));
      return html(c, "home-page", {
        featured,
        categories: categories.map((cat) => ({ ...cat, image: imageOf.get(cat.id) })),
        productCount: all.length,
      });
    })
    .get("/category-page", async (c) => {
      const { category } = parseInput(CategoryQuery, c.req.query(), "query");
      const categories = await categorySummaries(db);
      const shown = category ? categories.find((cat) => cat.id === category) : undefined;
      if (category && !shown) throw new AppError("not_found", `No category "${category}"`, { category });
      const tiles = await productTiles(db, shown?.id);
      return html(c, "category-page", { category: shown, categories, tiles });
    })
    .get("/stores-page", async (c) => html(c, "stores-page", await listStores(db)))
    .get("/recommendations", async (c) => {
      const { sku, limit } = parseInput(RecommendationsQuery, c.req.query(), "query");
      return html(c, "recommendations", await recommendations(db, sku, limit));
    })
    .get("/store-picker", async (c) => {
      const { selected } = parseInput(StorePickerQuery, c.req.query(), "query");
      return html(c, "store-picker", { stores: await listStores(db), selected }, "public, max-age=60");
    });
}

/**
 * `GET /assets/*`: the fragments' stylesheet (content-hashed, immutable) and the federated remote
 * built into `fragments/explore/dist`; a deployed release's remote under `/assets/releases/<version>/`.
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
