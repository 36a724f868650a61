/**
 * Payments' fragments: the payment-method picker for checkout's form (server-rendered Lit, its
 * fieldset in the light DOM), its content-hashed stylesheet, the fragment manifest that names the
 * element the shell hydrates, and the federated remote's assets.
 */

import { FRAGMENT_BATCH_PATH } from "@tessera/chassis/http";
import {
  fragmentReleasesOf,
  manifestFederation,
  remoteAssetRoutes,
  remoteScripts,
} from "@tessera/chassis/releases";
import { parseInput } from "@tessera/chassis/service";
import { PaymentToken } from "@tessera/contracts/events";
import { distDir, federation, stylesheet } from "@tessera/payments-fragments/manifest";
import { renderers } from "@tessera/payments-fragments/server";
import { Hono } from "hono";
import { z } from "zod";

export const PaymentMethodQuery = z.object({ selected: PaymentToken.optional() });

/** Where the browser fetches the stylesheet: the composer serves a team's `/assets/*` at `/_assets/payments/*`. */
export const STYLESHEET_URL = `/_assets/payments/${stylesheet.file}`;

/** The built-in version renders in process; a release the composer asks for, in its own worker. */
export const fragmentReleases = fragmentReleasesOf({
  team: "payments",
  version: federation.version,
  renderers,
});

/** The fragment manifest: endpoint, fallback, the element the shell hydrates, the remote and the assets. */
export async function fragmentManifest() {
  return {
    team: "payments",
    version: federation.version,
    fragments: {
      "payment-method": {
        endpoint: "/fragments/payment-method",
        params: ["selected"],
        element: "payments-method-picker",
        module: "payments/payment-method",
        fallback:
          '<p class="fragment-fallback" role="alert">Payment is not available right now. Please try again in a moment.</p>',
      },
    },
    batch: FRAGMENT_BATCH_PATH,
    federation: manifestFederation("payments", federation),
    assets: {
      js: await remoteScripts(distDir),
      css: [{ path: `/assets/${stylesheet.file}`, integrity: stylesheet.integrity }],
    },
  };
}

export function fragmentRoutes(): Hono {
  let manifest: ReturnType<typeof fragmentManifest> | undefined;
  return new Hono()
    .get("/manifest.json", async (c) => {
      manifest ??= fragmentManifest();
      return c.json(await manifest, 200, { "cache-control": "public, no-cache" });
    })
    .get("/payment-method", async (c) => {
      const { selected } = parseInput(PaymentMethodQuery, c.req.query(), "query");
      const releases = fragmentReleases();
      const version = releases.select(c.req.raw);
      const html = await releases.render(version, "payment-method", { selected, stylesheet: STYLESHEET_URL });
      return c.body(
        html,
        200,
        releases.htmlHeaders(version, {
          cacheControl: "public, max-age=60, stale-while-revalidate=600, stale-if-error=3600",
        }),
      );
    });
}

/**
 * `GET /assets/*`: the fieldset's CSS, immutable under its content-hashed name; the federated
 * remote built into `fragments/payments/dist`; a deployed release's remote under
 * `/assets/releases/<version>/`.
 */
export function assetRoutes(): Hono {
  return new Hono()
    .get(`/${stylesheet.file}`, (c) =>
      c.body(stylesheet.css, 200, {
        "content-type": "text/css; charset=utf-8",
        "cache-control": "public, max-age=31536000, immutable",
        "access-control-allow-origin": "*",
        "x-content-type-options": "nosniff",
      }),
    )
    .route("/", remoteAssetRoutes(fragmentReleases, distDir));
}
