/**
 * The catalog's stylesheet for its light-DOM fragments (the product page; the product card keeps
 * its styles in its shadow root). One content-hashed file, linked from the fragment (a
 * `<link rel="stylesheet">` is allowed in the body), served by the catalog at `/assets/<file>`
 * and by the composer at `/_assets/catalog/<file>`, cached for a year.
 */
import { raw } from "@tessera/chassis/html";

/** The product page: breadcrumb, picture, buying box, colour picker, spec table. */
export const PRODUCT_PAGE = `.catalog-pp{--catalog-ink:#1d1d1f;--catalog-muted:#4a4f57;--catalog-accent:#1f5f3a;color:var(--catalog-ink);font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5}
.catalog-pp *{box-sizing:border-box}
:where(.catalog-pp) a{color:var(--catalog-accent)}
:where(.catalog-pp) a:focus-visible{outline:3px solid #c77800;outline-offset:2px;border-radius:4px}
.catalog-pp-crumbs ol{display:flex;flex-wrap:wrap;gap:.25rem .5rem;margin:0 0 1rem;padding:0;list-style:none;font-size:.9rem;color:var(--catalog-muted)}
.catalog-pp-crumbs li+li::before{content:"/";margin-inline-end:.5rem;color:#8a8f98}
.catalog-pp-main{display:grid;gap:1.5rem 2.5rem;grid-template-columns:minmax(0,1fr)}
@media (min-width:48rem){.catalog-pp-main{grid-template-columns:minmax(0,7fr) minmax(0,5fr)}}
.catalog-pp-figure{margin:0;background:#fff;border:1px solid #e3ded3;border-radius:1rem;overflow:hidden}
.catalog-pp-figure img{display:block;inline-size:100%;block-size:auto;aspect-ratio:4/3}
.catalog-pp-info{display:flex;flex-direction:column;gap:.9rem}
.catalog-pp h1{margin:0;font-size:clamp(1.6rem,4vw,2.3rem);line-height:1.15}
.catalog-pp-sku{margin:0;color:var(--catalog-muted);font-size:.9rem}
.catalog-pp-price{margin:0;font-size:1.75rem;font-weight:750}
.catalog-pp-desc{margin:0}
.catalog-pp-picker h2,.catalog-pp-spec h2{font-size:1rem;margin:0 0 .5rem}
.catalog-pp-picker ul{display:flex;flex-wrap:wrap;gap:.5rem;margin:0;padding:0;list-style:none}
.catalog-pp-picker a{display:inline-flex;align-items:center;gap:.5rem;min-block-size:2.75rem;padding:.4rem .85rem .4rem .5rem;border:2px solid #cfc8b8;border-radius:999px;background:#fff;color:var(--catalog-ink);text-decoration:none;font-weight:600}
.catalog-pp-picker a:hover{border-color:var(--catalog-accent)}
.catalog-pp-picker a[aria-current="page"]{border-color:var(--catalog-accent);box-shadow:inset 0 0 0 1px var(--catalog-accent);background:#eef5ef}
.catalog-pp-dot{inline-size:1.5rem;block-size:1.5rem;flex:none}
.catalog-pp-spec{margin-block-start:2rem}
.catalog-pp-spec table{border-collapse:collapse;inline-size:100%;max-inline-size:40rem;background:#fff;border:1px solid #e3ded3;border-radius:.75rem;overflow:hidden}
.catalog-pp-spec th,.catalog-pp-spec td{padding:.6rem .9rem;text-align:start;border-block-end:1px solid #ece7dc;vertical-align:top}
.catalog-pp-spec tr:last-child th,.catalog-pp-spec tr:last-child td{border-block-end:0}
.catalog-pp-spec th{inline-size:40%;font-weight:600;color:var(--catalog-muted)}
.catalog-pp-more{margin-block-start:2.5rem}`;

export const STYLESHEET = PRODUCT_PAGE;

/** The stylesheet's file name, with a hash of its content: `catalog.<12 hex>.css`. */
export const STYLESHEET_FILE = `catalog.${new Bun.CryptoHasher("sha256").update(STYLESHEET).digest("hex").slice(0, 12)}.css`;

/** Where pages load the catalog's assets: the composer's asset route for the team. */
export const PUBLIC_ASSETS = "/_assets/catalog/";

/** The `<link>` the catalog's light-DOM fragments start with. */
export const STYLESHEET_LINK = raw(`<link rel="stylesheet" href="${PUBLIC_ASSETS}${STYLESHEET_FILE}">`);
