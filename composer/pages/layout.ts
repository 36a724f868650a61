/**
 * The storefront's page layout (docs/storefront.md): `explore/header` (which nests
 * `checkout/mini-cart`), the page fragment as primary, `explore/footer`. The header and footer
 * carry plain fallbacks, so a page still reads when explore is down. The layout's own styles
 * address only those fallbacks and `main`: a bare `footer` rule would restyle explore's.
 */
const STYLE = `:root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1f;background:#faf8f4}body{margin:0}.site-header{display:flex;align-items:center;gap:1rem;padding:.9rem clamp(1rem,4vw,3rem);background:#1f3a2b;color:#fff}.site-header a{color:#fff;text-decoration:none;font-weight:700;font-size:1.25rem}.site-header span{margin-inline-start:auto;font-size:.95rem}main{max-width:72rem;margin:0 auto;padding:2rem clamp(1rem,4vw,3rem)}[data-fallback]>footer{padding:2rem clamp(1rem,4vw,3rem);color:#4a4f57;font-size:.9rem}`;

/** Where a page sits in the shop: the header marks its nav item; checkout pages get no shop header. */
export interface PageOptions {
  /** The header's `current` (home, products, a category slug, stores). */
  current?: string;
  /** The checkout's own pages: a plain brand bar instead of explore's header (as in the Tractor Store). */
  checkout?: boolean;
  /** The ops pages: an operator's bar instead of the shop's header, a wider main. */
  ops?: boolean;
}

/** The checkout's header: the brand only, so nothing leads a shopper away mid-purchase. */
const CHECKOUT_HEADER = `<header class="site-header"><a href="/">Tessera Tractors</a><span>Secure checkout</span></header>`;

/** The ops pages' header: operators see the system, not the shop. */
const OPS_HEADER = `<header class="site-header"><a href="/ops/health">Tessera ops</a><span><a href="/">Storefront</a></span></header>`;

/** A page template around one primary page fragment (its attributes as written in the tag). */
export function layout(title: string, pageFragment: string, options: PageOptions = {}): string {
  const header = options.ops
    ? OPS_HEADER
    : options.checkout
      ? CHECKOUT_HEADER
      : `<tessera-fragment service="explore" name="header"${options.current ? ` current="${options.current}"` : ""}><header class="site-header"><a href="/">Tessera Tractors</a></header></tessera-fragment>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — Tessera Tractors</title>
<meta name="trace-id" content="{{trace_id}}">
<link rel="icon" href="data:,">
<style>${STYLE}</style>
{{federation}}
</head>
<body>
${header}
<main>
<tessera-fragment ${pageFragment} tier="primary"></tessera-fragment>
</main>
<tessera-fragment service="explore" name="footer"><footer>Tessera — a micro-frontend storefront.</footer></tessera-fragment>
{{shell}}
</body>
</html>`;
}

/** The storefront's routes (docs/storefront.md) and their page fragments. */
export const STOREFRONT_ROUTES: Record<string, { title: string; fragment: string } & PageOptions> = {
  "/": { title: "Tractors for every field", fragment: 'service="explore" name="home-page"', current: "home" },
  "/products": {
    title: "All tractors",
    fragment: 'service="explore" name="category-page"',
    current: "products",
  },
  "/products/:category": {
    title: "Tractors",
    fragment: 'service="explore" name="category-page" category="{params.category}"',
    current: "{params.category}",
  },
  "/product/:id": {
    title: "Tractor",
    fragment: 'service="catalog" name="product-page" id="{params.id}" sku="{query.sku}"',
  },
  "/stores": { title: "Stores", fragment: 'service="explore" name="stores-page"', current: "stores" },
  "/checkout/cart": { title: "Cart", fragment: 'service="checkout" name="cart-page"' },
  "/checkout/checkout": {
    title: "Checkout",
    fragment: 'service="checkout" name="checkout-page" error="{query.error}"',
    checkout: true,
  },
  "/checkout/thanks": {
    title: "Thank you",
    fragment: 'service="checkout" name="thanks-page" order="{query.order}"',
    checkout: true,
  },
  "/account": {
    title: "Your account",
    // a refused address form comes back here with its message and what was typed
    fragment:
      'service="identity" name="account-page" error="{query.error}" field="{query.field}" recipient="{query.recipient}" street="{query.street}" postcode="{query.postcode}" city="{query.city}" country="{query.country}"',
  },
  "/account/login": {
    title: "Log in",
    fragment:
      'service="identity" name="login-page" error="{query.error}" field="{query.field}" email="{query.email}" returnTo="{query.returnTo}"',
  },
  "/account/register": {
    title: "Register",
    // (the typed name is not passed back: `name` names the fragment in a tag)
    fragment:
      'service="identity" name="register-page" error="{query.error}" field="{query.field}" email="{query.email}" returnTo="{query.returnTo}"',
  },
  // the ops pages (team ops): every one under /ops/, so one operator guard covers them
  "/ops": { title: "Ops — health", fragment: 'service="ops" name="health-page"', ops: true },
  "/ops/health": { title: "Ops — health", fragment: 'service="ops" name="health-page"', ops: true },
  "/ops/logs": {
    title: "Ops — logs",
    fragment:
      'service="ops" name="logs-page" service-filter="{query.service}" level="{query.level}" from="{query.from}" to="{query.to}" trace_id="{query.trace_id}" q="{query.q}"',
    ops: true,
  },
  "/ops/traces": {
    title: "Ops — traces",
    fragment:
      'service="ops" name="traces-page" trace_id="{query.trace_id}" service-filter="{query.service}" errors="{query.errors}"',
    ops: true,
  },
  "/ops/traces/:traceId": {
    title: "Ops — trace",
    fragment: 'service="ops" name="trace-page" trace_id="{params.traceId}"',
    ops: true,
  },
  "/ops/exceptions": {
    title: "Ops — exceptions",
    fragment:
      'service="ops" name="exceptions-page" service-filter="{query.service}" trace_id="{query.trace_id}"',
    ops: true,
  },
  "/ops/exceptions/:fingerprint": {
    title: "Ops — exception",
    fragment: 'service="ops" name="exception-page" fingerprint="{params.fingerprint}"',
    ops: true,
  },
  "/ops/metrics": { title: "Ops — metrics", fragment: 'service="ops" name="metrics-page"', ops: true },
  "/ops/audit": {
    title: "Ops — audit",
    fragment: 'service="ops" name="audit-page" user="{query.user}"',
    ops: true,
  },
};
