/**
 * bench/pages — what the storefront's main pages cost a browser: HTML and JavaScript bytes (raw
 * and gzip), requests, first paint and the time until every component is hydrated, and whether
 * lit arrived once. Each page loads in a fresh Chromium context (nothing cached), a few times, and
 * the medians are compared with a baseline measured in the same run: a static copy of the same
 * HTML without any script, served by Bun (see baseline.ts). Absolute times vary on a shared
 * machine; the ratios are the figures to compare across runs.
 *
 * Run: bun bench/pages/index.ts [--runs=N] [page names…]
 * Prints a table, and as the last line one JSON object with every figure.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { memoryDestination } from "@tessera/chassis/log";
import { request } from "playwright-core";
import { startEmbedded } from "../../scripts/embedded.ts";
import { MAIN_PAGES } from "../../tests/browser/pages.ts";
import { launchChromium } from "../../tests/browser/support.ts";
import { startBaseline, withoutScripts } from "./baseline.ts";
import { type Load, measureLoad, medianLoad } from "./measure.ts";

const args = process.argv.slice(2);
const RUNS = Number(args.find((a) => a.startsWith("--runs="))?.split("=")[1] ?? 3);
const only = args.filter((a) => !a.startsWith("--"));
const pages = only.length > 0 ? MAIN_PAGES.filter((p) => only.includes(p.name)) : MAIN_PAGES;

const dataDir = await mkdtemp(join(tmpdir(), "tessera-bench-pages-"));
const storefront = await startEmbedded({
  port: 0,
  servicePortBase: 0,
  dataDir,
  env: { ...process.env, LOG_LEVEL: "warn" },
  logDestination: memoryDestination(),
  say: () => {},
});
const baseline = startBaseline(storefront.url);
const browser = await launchChromium();

interface Row {
  page: string;
  tessera: Load;
  baseline: Load;
}
const rows: Row[] = [];
try {
  for (const page of pages) {
    // the static copy: the page as this shopper's state makes it, its scripts removed
    const client = await request.newContext();
    await page.prepare?.(client, storefront.url);
    const html = await (await client.get(`${storefront.url}${page.path}`)).text();
    await client.dispose();
    baseline.set(page.path, withoutScripts(html));
    // one unmeasured load of each, so caches and the JIT are warm for every measured run
    await measureLoad(browser, storefront.url, page, { expectHydration: true });
    await measureLoad(browser, baseline.url, { path: page.path }, { expectHydration: false });
    const tessera: Load[] = [];
    const base: Load[] = [];
    for (let run = 0; run < RUNS; run++) {
      tessera.push(await measureLoad(browser, storefront.url, page, { expectHydration: true }));
      base.push(await measureLoad(browser, baseline.url, { path: page.path }, { expectHydration: false }));
    }
    rows.push({ page: page.name, tessera: medianLoad(tessera), baseline: medianLoad(base) });
    process.stderr.write(`  measured ${page.name}\n`);
  }
} finally {
  await browser.close();
  baseline.stop();
  await storefront.stop();
  await rm(dataDir, { recursive: true, force: true });
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const ms = (value: number | undefined) => (value === undefined ? "—" : String(Math.round(value)));
const ratio = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined || b === 0 ? "—" : `${(a / b).toFixed(2)}×`;

const header = [
  "page",
  "HTML KB raw/gz",
  "JS KB raw/gz",
  "req (base)",
  "FP ms (base)",
  "FP ratio",
  "FCP ms (base)",
  "load end ms",
  "hydrated ms (nav)",
  "hydrated ms (after load)",
  "hydr/base FCP",
  "lit",
];
const table = rows.map(({ page, tessera: t, baseline: b }) => [
  page,
  `${kb(t.htmlRaw)}/${kb(t.htmlGzip)}`,
  `${kb(t.jsRaw)}/${kb(t.jsGzip)}`,
  `${t.requests} (${b.requests})`,
  `${ms(t.firstPaintMs)} (${ms(b.firstPaintMs)})`,
  ratio(t.firstPaintMs, b.firstPaintMs),
  `${ms(t.firstContentfulPaintMs)} (${ms(b.firstContentfulPaintMs)})`,
  ms(t.loadEventEndMs),
  ms(t.hydratedMs),
  ms(t.hydratedAfterLoadMs),
  ratio(t.hydratedMs, b.firstContentfulPaintMs),
  t.litHtmlVersions === 1 && t.litFiles === 1
    ? "once"
    : `${t.litHtmlVersions ?? 0} versions, ${t.litFiles} files`,
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => (r[i] as string).length)));
const line = (cells: string[]) =>
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join("  ");

console.log(
  `\nMain pages in Chromium, 1280×900, fresh context per load, median of ${RUNS} runs; (base) = the same HTML without scripts, served static by Bun\n`,
);
console.log(line(header));
console.log(widths.map((w) => "─".repeat(w)).join("  "));
for (const r of table) console.log(line(r));
console.log(
  "\nFP/FCP: first (contentful) paint from navigation start. load end: navigation start to loadEventEnd. hydrated (nav): navigation start to <html data-tessera-hydrated>; hydrated (after load): loadEventEnd to hydrated (negative = hydrated before the load event ended). lit: once = one lit-html registered and one JS file carrying it.",
);
console.log(
  JSON.stringify({
    bench: "pages",
    runs: RUNS,
    viewport: "1280x900",
    pages: Object.fromEntries(
      rows.map(({ page, tessera, baseline }) => [
        page,
        {
          tessera,
          baseline,
          ratios: {
            firstPaint: tessera.firstPaintMs / baseline.firstPaintMs,
            firstContentfulPaint: tessera.firstContentfulPaintMs / baseline.firstContentfulPaintMs,
            hydratedToBaselineFcp:
              tessera.hydratedMs === undefined ? null : tessera.hydratedMs / baseline.firstContentfulPaintMs,
            requests: tessera.requests / baseline.requests,
            bytesGzip: (tessera.htmlGzip + tessera.jsGzip) / (baseline.htmlGzip + baseline.jsGzip),
          },
          litOnce: tessera.litHtmlVersions === 1 && tessera.litFiles === 1,
        },
      ]),
    ),
  }),
);
