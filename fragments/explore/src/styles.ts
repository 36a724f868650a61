/**
 * Explore's stylesheet. Fragments are light-DOM server HTML with class names prefixed `explore-`;
 * each starts with a `<link rel="stylesheet">` to this one content-hashed file (allowed in the
 * body, fetched once per page and cached for a year), served by the explore service at
 * `/assets/<file>` and by the composer at `/_assets/explore/<file>`.
 */
import { raw } from "@tessera/chassis/html";

/** Colours, type and focus shared by explore's fragments. */
export const BASE = `:where(.explore-root){--explore-ink:#1d1d1f;--explore-muted:#4a4f57;--explore-brand:#1f3a2b;--explore-link:#1f5f3a;--explore-line:#e3ded3;--explore-accent:#ffd166;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--explore-ink);line-height:1.5}
.explore-root *{box-sizing:border-box}
:where(.explore-root) a{color:var(--explore-link)}
:where(.explore-root) :is(a,summary):focus-visible{outline:3px solid #c77800;outline-offset:2px;border-radius:4px}
.explore-visually-hidden{position:absolute!important;inline-size:1px;block-size:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}`;

/** Product tiles in a responsive grid. */
export const TILES = `.explore-tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,10rem),1fr));gap:clamp(.75rem,2vw,1.25rem);margin:0;padding:0;list-style:none}
.explore-tile{display:flex}
@media (min-width:40rem){.explore-tiles{grid-template-columns:repeat(auto-fill,minmax(15rem,1fr))}}
@media (min-width:64rem){.explore-tiles-3{grid-template-columns:repeat(3,1fr)}}
.explore-tile .explore-tile-link{display:flex;flex-direction:column;gap:.35rem;inline-size:100%;padding:.75rem .75rem 1rem;border:1px solid var(--explore-line);border-radius:.9rem;background:#fff;color:var(--explore-ink);text-decoration:none;box-shadow:0 1px 2px rgb(0 0 0 / .05);transition:box-shadow .15s,transform .15s}
.explore-tile-link:hover{box-shadow:0 6px 18px rgb(0 0 0 / .1);transform:translateY(-2px)}
.explore-tile-link img{display:block;inline-size:100%;block-size:auto;aspect-ratio:4/3;border-radius:.6rem;background:#f4f1ea}
.explore-tile-cat{font-size:.8rem;text-transform:uppercase;letter-spacing:.05em;color:var(--explore-muted)}
.explore-tiles .explore-tile-name{margin:0;font-size:1.1rem;line-height:1.25}
.explore-tile-foot{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.5rem;margin-block-start:auto;padding-block-start:.35rem}
.explore-tile-price{font-weight:700;font-size:1.05rem}
.explore-tile-dots{display:flex;gap:.3rem}
.explore-tile-dot{inline-size:1rem;block-size:1rem}`;

/** The site header: a row of links from 80rem (where logo, eight links and the cart fit), a `<details>` menu below. */
export const HEADER = `.explore-header{background:var(--explore-brand);color:#fff}
.explore-header-bar{position:relative;display:flex;align-items:center;gap:.5rem 1rem;max-inline-size:calc(72rem + 2 * clamp(1rem,4vw,3rem));margin:0 auto;padding:.6rem clamp(1rem,4vw,3rem)}
.explore-header a{color:#fff}
.explore-header a:focus-visible,.explore-header summary:focus-visible{outline-color:var(--explore-accent)}
.explore-header-logo{display:inline-flex;align-items:center;gap:.55rem;min-inline-size:0;flex:0 1 auto;font-weight:800;font-size:1.2rem;letter-spacing:.01em;text-decoration:none;margin-inline-end:auto;padding:.3rem 0;white-space:nowrap}
.explore-header-logo span{overflow:hidden;text-overflow:ellipsis}
.explore-header-cart,.explore-header-menu{flex:none}
.explore-header-logo svg{inline-size:2.2rem;block-size:auto;flex:none}
.explore-header-nav ul,.explore-header-menu ul{display:flex;gap:.25rem;margin:0;padding:0;list-style:none}
.explore-header-nav a,.explore-header-menu a{display:block;padding:.5rem .6rem;white-space:nowrap;border-radius:.4rem;text-decoration:none;font-weight:600}
.explore-header-nav a:hover,.explore-header-menu a:hover{background:rgb(255 255 255 / .12)}
.explore-header-nav a[aria-current="page"],.explore-header-menu a[aria-current="page"]{background:rgb(255 255 255 / .16);box-shadow:inset 0 -3px 0 var(--explore-accent)}
.explore-header-menu summary{display:inline-flex;align-items:center;gap:.4rem;min-block-size:2.75rem;padding:.4rem .8rem;border:2px solid rgb(255 255 255 / .6);border-radius:.5rem;cursor:pointer;font-weight:700;list-style:none}
.explore-header-menu summary::-webkit-details-marker{display:none}
.explore-header-menu summary::before{content:"☰";font-size:1.1rem;line-height:1}
.explore-header-menu[open] summary::before{content:"✕"}
.explore-header-menu nav{position:absolute;inset-inline:0;inset-block-start:100%;z-index:20;padding:.5rem clamp(1rem,4vw,3rem) 1rem;background:var(--explore-brand);box-shadow:0 12px 20px rgb(0 0 0 / .25)}
.explore-header-menu ul{flex-direction:column}
.explore-header-nav{display:none}
@media (max-width:30rem){.explore-header-logo-rest{display:none}.explore-header-bar{gap:.5rem}.explore-header-logo{gap:.4rem}.explore-header-logo svg{inline-size:1.8rem}.explore-header-menu summary{padding:.4rem .6rem}}
@media (min-width:80rem){.explore-header-nav{display:block}.explore-header-menu{display:none}.explore-header-logo{margin-inline-end:0;flex:none}.explore-header-nav{margin-inline-end:auto}.explore-header-nav ul{gap:.1rem}.explore-header-nav a{padding:.5rem .45rem;font-size:.95rem}}`;

export const FOOTER = `.explore-footer{margin-block-start:1rem;background:#ece6d8;color:var(--explore-ink)}
.explore-footer-inner{display:grid;gap:1.5rem 2rem;grid-template-columns:repeat(auto-fit,minmax(min(100%,9rem),1fr));max-inline-size:calc(72rem + 2 * clamp(1rem,4vw,3rem));margin:0 auto;padding:2rem clamp(1rem,4vw,3rem)}
@media (min-width:48rem){.explore-footer-inner{grid-template-columns:repeat(4,1fr)}}
.explore-footer h2{font-size:1rem;margin:0 0 .5rem}
.explore-footer ul{margin:0;padding:0;list-style:none}
.explore-footer li{padding-block:.15rem}
.explore-footer a{display:inline-block;padding-block:.2rem}
.explore-footer p{margin:0;color:var(--explore-muted)}
.explore-footer-legal{grid-column:1/-1;border-block-start:1px solid #d3cab6;padding-block-start:1rem;font-size:.9rem}`;

/** Page fragments: layout, hero, category cards, filter, stores. */
export const PAGE = `.explore-page{margin:0}
.explore-page h1{margin:0 0 .5rem;font-size:clamp(1.7rem,4vw,2.5rem);line-height:1.15}
.explore-page h2{font-size:clamp(1.3rem,3vw,1.6rem);margin:0 0 1rem}
.explore-lead{margin:0 0 1.5rem;color:var(--explore-muted);font-size:1.05rem;max-inline-size:48rem}
.explore-section{margin-block:2.5rem}
.explore-empty{padding:1.5rem;border:1px dashed #b9b2a2;border-radius:.75rem;color:var(--explore-muted)}
.explore-button{display:inline-flex;align-items:center;min-block-size:2.75rem;padding:.6rem 1.2rem;border-radius:.5rem;background:var(--explore-accent);color:#1d1d1f;font-weight:700;text-decoration:none;border:2px solid var(--explore-accent)}
.explore-button:hover{background:#ffc233}
.explore-button-ghost{background:transparent;color:#fff;border-color:rgb(255 255 255 / .75)}
.explore-button-ghost:hover{background:rgb(255 255 255 / .12)}
.explore-crumbs ol{display:flex;flex-wrap:wrap;gap:.25rem .5rem;margin:0 0 1rem;padding:0;list-style:none;font-size:.9rem;color:var(--explore-muted)}
.explore-crumbs li+li::before{content:"/";margin-inline-end:.5rem;color:#8a8f98}`;

export const HOME = `.explore-hero{display:grid;gap:1.5rem;align-items:center;padding:clamp(1.5rem,4vw,3rem);border-radius:1.25rem;background:linear-gradient(135deg,#1f3a2b,#2f5a3f);color:#fff}
.explore-hero h1{color:#fff;font-size:clamp(1.9rem,5vw,3rem)}
.explore-hero p{margin:0 0 1.25rem;color:#e8efe9;font-size:1.1rem;max-inline-size:34rem}
.explore-hero-eyebrow{font-weight:700;text-transform:uppercase;letter-spacing:.08em;font-size:.85rem!important;color:var(--explore-accent)!important;margin-block-end:.5rem!important}
.explore-hero-actions{display:flex;flex-wrap:wrap;gap:.75rem}
.explore-hero img{display:none;inline-size:100%;block-size:auto;aspect-ratio:4/3;border-radius:1rem;background:#f4f1ea}
@media (min-width:48rem){.explore-hero{grid-template-columns:1.1fr 1fr}.explore-hero img{display:block}}
.explore-hero a:focus-visible{outline-color:var(--explore-accent)}
.explore-cats{display:grid;grid-template-columns:repeat(2,1fr);gap:1rem;margin:0;padding:0;list-style:none}
@media (min-width:40rem){.explore-cats{grid-template-columns:repeat(3,1fr)}}
@media (min-width:64rem){.explore-cats{grid-template-columns:repeat(6,1fr)}}
.explore-cat{display:flex;flex-direction:column;gap:.25rem;padding:.75rem;border:1px solid var(--explore-line);border-radius:.9rem;background:#fff;text-decoration:none;color:var(--explore-ink)}
.explore-cat:hover{box-shadow:0 6px 18px rgb(0 0 0 / .1)}
.explore-cat img{inline-size:100%;block-size:auto;aspect-ratio:4/3;border-radius:.6rem}
.explore-cat strong{font-size:1.05rem}
.explore-cat span{color:var(--explore-muted);font-size:.9rem}`;

export const LISTING = `.explore-filter ul{display:flex;flex-wrap:wrap;gap:.5rem;margin:0 0 1.5rem;padding:0;list-style:none}
.explore-filter a{display:inline-flex;align-items:center;min-block-size:2.5rem;padding:.35rem .9rem;border:2px solid #cfc8b8;border-radius:999px;background:#fff;text-decoration:none;font-weight:600;color:var(--explore-ink)}
.explore-filter a:hover{border-color:var(--explore-link)}
.explore-filter a[aria-current="page"]{background:var(--explore-brand);border-color:var(--explore-brand);color:#fff}`;

export const STORES = `.explore-stores-list{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,18rem),1fr));gap:1.25rem;margin:0;padding:0;list-style:none}
.explore-store{padding:1.25rem;border:1px solid var(--explore-line);border-radius:.9rem;background:#fff;scroll-margin-block-start:1rem}
.explore-store h2{font-size:1.25rem;margin:0 0 .5rem}
.explore-store h3{font-size:1rem;margin:1rem 0 .4rem}
.explore-store address{font-style:normal}
.explore-store a{display:inline-block;padding-block:.2rem}
.explore-store dl{display:grid;grid-template-columns:auto 1fr;gap:.2rem 1rem;margin:0}
.explore-store dt{color:var(--explore-muted)}
.explore-store dd{margin:0;font-variant-numeric:tabular-nums}`;

export const RECOMMENDATIONS = `.explore-recos h2{font-size:clamp(1.2rem,3vw,1.45rem);margin:0 0 1rem}
.explore-picks{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,16rem),1fr));gap:1.5rem}`;

/** The store picker's radio cards. */
export const STORE_PICKER = `.explore-sp{margin:0;padding:0;border:0;min-inline-size:0}
.explore-sp legend{padding:0;margin-block-end:.5rem;font-weight:700;font-size:1.05rem}
.explore-sp-options{display:grid;gap:.5rem;grid-template-columns:repeat(auto-fill,minmax(min(100%,15rem),1fr))}
.explore-sp-option{position:relative}
.explore-sp-option input{position:absolute;inset-block-start:1.05rem;inset-inline-start:.9rem;inline-size:1.2rem;block-size:1.2rem;margin:0;accent-color:#1f5f3a}
.explore-sp-option label{display:flex;flex-direction:column;gap:.1rem;block-size:100%;padding:.75rem .9rem .75rem 2.75rem;border:2px solid #cfc8b8;border-radius:.75rem;background:#fff;cursor:pointer}
.explore-sp-option label:hover{border-color:#1f5f3a}
.explore-sp-option input:checked+label{border-color:#1f5f3a;background:#eef5ef;box-shadow:inset 0 0 0 1px #1f5f3a}
.explore-sp-option input:focus-visible+label{outline:3px solid #c77800;outline-offset:2px}
.explore-sp-option span{color:var(--explore-muted);font-size:.9rem}`;

/** Every rule of explore's fragments, in one stylesheet. */
export const STYLESHEET = [
  BASE,
  TILES,
  HEADER,
  FOOTER,
  PAGE,
  HOME,
  LISTING,
  STORES,
  RECOMMENDATIONS,
  STORE_PICKER,
].join("\n");

/** The stylesheet's file name, with a hash of its content: `explore.<12 hex>.css`. */
export const STYLESHEET_FILE = `explore.${new Bun.CryptoHasher("sha256").update(STYLESHEET).digest("hex").slice(0, 12)}.css`;

/** Where pages load explore's assets: the composer's asset route for the team. */
export const PUBLIC_ASSETS = "/_assets/explore/";

/** The `<link>` every explore fragment starts with. */
export const STYLESHEET_LINK = raw(`<link rel="stylesheet" href="${PUBLIC_ASSETS}${STYLESHEET_FILE}">`);
