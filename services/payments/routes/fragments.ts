/**
 * Payments' fragments: the payment-method fieldset for checkout's form (server-rendered Lit, light
 * DOM, no JavaScript), its content-hashed stylesheet, and the fragment manifest.
 */

import { parseInput } from "@tessera/chassis/service";
import { PaymentToken } from "@tessera/contracts/events";
import { FragmentManifest } from "@tessera/contracts/fragment-manifest";
import { stylesheet, version } from "@tessera/payments-fragments/manifest";
import { renderPaymentMethod, renderToStream } from "@tessera/payments-fragments/server";
import { Hono } from "hono";
import { z } from "zod";

export const PaymentMethodQuery = z.object({ selected: PaymentToken.optional() });

/** Where the browser fetches the stylesheet: the composer serves a team's `/assets/*` at `/_assets/<team>/*`. */
export const STYLESHEET_URL = `/_assets/payments/${stylesheet.file}`;

export const fragmentManifest: FragmentManifest = FragmentManifest.parse({
  team: "payments",
  version,
  fragments: {
    "payment-method": {
      endpoint: "/fragments/payment-method",
      params: ["selected"],
      fallback:
        '<p class="fragment-fallback" role="alert">Payment is not available right now. Please try again in a moment.</p>',
    },
  },
  assets: { js: [], css: [{ path: `/assets/${stylesheet.file}`, integrity: stylesheet.integrity }] },
});

export function fragmentRoutes(): Hono {
  return new Hono()
    .get("/manifest.json", (c) => c.json(fragmentManifest, 200, { "cache-control": "public, no-cache" }))
    .get("/payment-method", (c) => {
      const { selected } = parseInput(PaymentMethodQuery, c.req.query(), "query");
      return c.body(renderToStream(renderPaymentMethod({ selected, stylesheet: STYLESHEET_URL })), 200, {
        "content-type": "text/html; charset=utf-8",
        "cache-control": "public, max-age=60, stale-while-revalidate=600, stale-if-error=3600",
        "fragment-version": `payments@${version}`,
      });
    });
}

/** `GET /assets/<stylesheet>`: the fieldset's CSS, immutable under its content-hashed name. */
export function assetRoutes(): Hono {
  return new Hono().get(`/${stylesheet.file}`, (c) =>
    c.body(stylesheet.css, 200, {
      "content-type": "text/css; charset=utf-8",
      "cache-control": "public, max-age=31536000, immutable",
      "access-control-allow-origin": "*",
      "x-content-type-options": "nosniff",
    }),
  );
}
