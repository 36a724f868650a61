/**
 * Checkout's fragments: server-rendered Lit HTML for the composer (`add-to-cart`, `mini-cart`,
 * `cart-page`, `checkout-page`, `thanks-page`), the fragment manifest, and the federated remote's
 * assets for the shell. Fragments that show the shopper's cart read `x-tessera-cart-id` (and
 * the identity token, `x-tessera-identity`) and are never cached by anyone else.
 */

import { identityOf } from "@tessera/chassis/access";
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
import { distDir, federation } from "@tessera/checkout-fragments/manifest";
import { renderers } from "@tessera/checkout-fragments/server";
import { Sku } from "@tessera/contracts/events";
import { eq } from "drizzle-orm";
import { type Context, Hono } from "hono";
import { z } from "zod";
import { loadCart } from "../cart/cart.ts";
import { stock } from "../db/schema.ts";
import { orderView } from "../saga/place-order.ts";
import { cartIdOf } from "./cart.ts";
import { safeReturnTo } from "./forms.ts";
import { findReadableOrder } from "./orders.ts";

const ErrorCode = z
  .string()
  .regex(/^[a-z-]{1,40}$/)
  .optional()
  .catch(undefined);
export const AddToCartQuery = z.object({ sku: Sku, error: ErrorCode, returnTo: z.string().optional() });
export const PageQuery = z.object({ error: ErrorCode });
export const ThanksQuery = z.object({
  order: z.string({ error: "expected the order number" }).min(1).max(64),
});

/** The fragment manifest: endpoints, params, fallbacks, the federated remote and its assets. */
export async function fragmentManifest() {
  return {
    team: "checkout",
    version: federation.version,
    fragments: {
      "add-to-cart": {
        endpoint: "/fragments/add-to-cart",
        params: ["sku", "error", "returnTo"],
        element: "checkout-add-to-cart",
        module: "checkout/add-to-cart",
        fallback: '<p class="fragment-fallback">Adding to the cart is not possible right now.</p>',
      },
      "mini-cart": {
        endpoint: "/fragments/mini-cart",
        params: [],
        element: "checkout-mini-cart",
        module: "checkout/mini-cart",
        fallback: '<a href="/checkout/cart">Cart</a>',
      },
      "cart-page": { endpoint: "/fragments/cart-page", params: ["error"], fallback: "" },
      "checkout-page": { endpoint: "/fragments/checkout-page", params: ["error"], fallback: "" },
      "thanks-page": { endpoint: "/fragments/thanks-page", params: ["order"], fallback: "" },
    },
    batch: FRAGMENT_BATCH_PATH,
    federation: manifestFederation("checkout", federation),
    assets: {
      js: await remoteScripts(distDir),
      css: [],
    },
  };
}

const PRIVATE = "private, no-store";

/** The built-in version renders in process; a release the composer asks for, in its own worker. */
export const fragmentReleases = fragmentReleasesOf({
  team: "checkout",
  version: federation.version,
  renderers,
});

/** Renders fragment `name` in the version the request asks for, as an HTML answer saying which. */
async function htmlResponse(
  c: Context,
  name: keyof typeof renderers,
  data: unknown,
  cacheControl: string,
): Promise<Response> {
  const releases = fragmentReleases();
  const version = releases.select(c.req.raw);
  return c.body(
    await releases.render(version, name, data),
    200,
    releases.htmlHeaders(version, { cacheControl, vary: ["x-tessera-cart-id", "x-tessera-identity"] }),
  );
}

export function fragmentRoutes(db: Db): Hono {
  let manifest: ReturnType<typeof fragmentManifest> | undefined;
  return new Hono()
    .get("/manifest.json", async (c) => {
      manifest ??= fragmentManifest();
      return c.json(await manifest, 200, { "cache-control": "public, no-cache" });
    })
    .get("/add-to-cart", async (c) => {
      const query = parseInput(AddToCartQuery, c.req.query(), "query");
      const [level] = await db.select().from(stock).where(eq(stock.sku, query.sku));
      const data = {
        sku: query.sku,
        soldOut: level?.available === 0,
        available: level?.available ?? null,
        error: query.error,
        returnTo: safeReturnTo(query.returnTo),
      };
      return htmlResponse(c, "add-to-cart", data, "public, max-age=5, stale-while-revalidate=30");
    })
    .get("/mini-cart", async (c) => {
      const cart = await loadCart(db, cartIdOf(c));
      return htmlResponse(c, "mini-cart", { count: cart.count }, PRIVATE);
    })
    .get("/cart-page", async (c) => {
      const { error } = parseInput(PageQuery, c.req.query(), "query");
      return htmlResponse(c, "cart-page", { cart: await loadCart(db, cartIdOf(c)), error }, PRIVATE);
    })
    .get("/checkout-page", async (c) => {
      const { error } = parseInput(PageQuery, c.req.query(), "query");
      return htmlResponse(c, "checkout-page", { cart: await loadCart(db, cartIdOf(c)), error }, PRIVATE);
    })
    .get("/thanks-page", async (c) => {
      const { order: id } = parseInput(ThanksQuery, c.req.query(), "query", "not_found");
      const order = await findReadableOrder(db, id, cartIdOf(c), identityOf(c)?.sub);
      if (!order) throw new AppError("not_found", `No order "${id}" for this shopper`, { order: id });
      return htmlResponse(c, "thanks-page", { order: orderView(order) }, PRIVATE);
    });
}

/**
 * `GET /assets/*`: the federated remote built into `fragments/checkout/dist`; a deployed release's
 * remote under `/assets/releases/<version>/`.
 */
export function assetRoutes(): Hono {
  return remoteAssetRoutes(fragmentReleases, distDir);
}
