/** The ops pages' one stylesheet (inlined in each page fragment: plain server HTML, no assets). */
import { raw } from "@tessera/chassis/html";

export const OPS_STYLES = raw(`<style>
.ops{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1f}
.ops h1{font-size:1.4rem;margin:.2rem 0 1rem}.ops h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
.ops nav ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;padding:0;margin:0 0 1rem}
.ops nav a{color:#1f3a2b;font-weight:600}.ops nav a[aria-current=page]{text-decoration:none;border-bottom:3px solid #1f3a2b}
.ops form.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end;margin:0 0 1rem;padding:.75rem;background:#f1eee8;border-radius:6px}
.ops form.filters label{display:flex;flex-direction:column;font-size:.8rem;font-weight:600;gap:.15rem}
.ops input,.ops select,.ops button{font:inherit;padding:.3rem .45rem}
.ops table{border-collapse:collapse;width:100%}.ops th,.ops td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #ddd;vertical-align:top}
.ops th{font-size:.8rem;text-transform:uppercase;letter-spacing:.03em;color:#4a4f57}
.ops code,.ops pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.85em}
.ops pre{white-space:pre-wrap;word-break:break-word;background:#f6f6f6;padding:.5rem;margin:.25rem 0}
.ops .num{text-align:right;font-variant-numeric:tabular-nums}
.ops .level-error,.ops .level-fatal,.ops .status-error,.ops .ready-down,.ops .ready-unreachable,.ops .state-open{color:#a4161a;font-weight:700}
.ops .level-warn,.ops .ready-draining,.ops .state-halfOpen{color:#8a5a00;font-weight:700}
.ops .ready-up,.ops .state-closed{color:#1b6b35;font-weight:700}
.ops .empty{color:#4a4f57;font-style:italic}
.ops .waterfall{list-style:none;padding:0;margin:0}
.ops .waterfall li{border-bottom:1px solid #eee}
.ops .waterfall summary{display:grid;grid-template-columns:minmax(14rem,40%) 1fr;gap:.5rem;align-items:center;cursor:pointer;padding:.2rem 0}
.ops .span-label{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.ops .span-service{display:inline-block;min-width:5.5rem;font-weight:700}
.ops .track{position:relative;height:1rem;background:#f4f4f4}
.ops .bar{position:absolute;top:0;height:100%;min-width:2px;background:#2f6f4f}
.ops .bar.error{background:#a4161a}
.ops .span-details{padding:.25rem 0 .5rem 1.5rem}
.ops .cards{display:flex;flex-wrap:wrap;gap:1rem}.ops .card{padding:.75rem 1rem;background:#f1eee8;border-radius:6px;min-width:10rem}
.ops .card strong{display:block;font-size:1.6rem}
</style>`);
