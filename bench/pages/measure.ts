/**
 * One page load in a fresh Chromium context, and what it cost: the HTML and JavaScript it
 * fetched (raw, and gzip as this file computes it from the bodies, so the figure does not depend
 * on whether a server compresses), requests, first paint, first contentful paint, the time until
 * the shell marked the page hydrated (from navigation start, and relative to the end of the load
 * event), and how many copies of lit-html arrived.
 */
import type { Browser } from "playwright-core";
import type { MainPage } from "../../tests/browser/pages.ts";

export interface Load {
  htmlRaw: number;
  htmlGzip: number;
  jsRaw: number;
  jsGzip: number;
  /** Every other body (CSS, images, JSON manifests): raw bytes. */
  otherRaw: number;
  requests: number;
  jsRequests: number;
  firstPaintMs: number;
  firstContentfulPaintMs: number;
  /** From navigation start to `<html data-tessera-hydrated="true">`; undefined when never set. */
  hydratedMs: number | undefined;
  /** From navigation start to the end of the load event (`PerformanceNavigationTiming.loadEventEnd`). */
  loadEventEndMs: number;
  /**
   * From the end of the load event to hydrated (`hydratedMs - loadEventEndMs`): negative when the
   * page was hydrated before its load event ended; undefined when never hydrated.
   */
  hydratedAfterLoadMs: number | undefined;
  /** `window.litHtmlVersions.length` (1 when lit is shared, undefined when no lit ran). */
  litHtmlVersions: number | undefined;
  /** JavaScript files that carry a lit-html copy (its `litHtmlVersions` registration). */
  litFiles: number;
}

/**
 * Runs before any page script: records, in the page's own clock (`performance.now()`, whose zero
 * is the navigation start), when the shell sets `data-tessera-hydrated`. An init script comes
 * through the DevTools protocol, so the page's CSP does not apply to it.
 */
const WATCH_HYDRATION = `(() => {
  const seen = () => { if (document.documentElement.dataset.tesseraHydrated === "true" && window.__tesseraHydratedAt === undefined) window.__tesseraHydratedAt = performance.now(); };
  // the document has no <html> element yet when this runs: watch the whole tree
  new MutationObserver(seen).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-tessera-hydrated"] });
})();`;

export async function measureLoad(
  browser: Browser,
  base: string,
  page: Pick<MainPage, "path" | "prepare">,
  options: { expectHydration: boolean },
): Promise<Load> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    await page.prepare?.(context.request, base);
    await context.addInitScript(WATCH_HYDRATION);
    const tab = await context.newPage();
    const bodies: Promise<{ type: string; url: string; body: Buffer }>[] = [];
    tab.on("response", (response) => {
      const type = response.request().resourceType();
      if (response.status() >= 300 && response.status() < 400) return;
      bodies.push(
        response
          .body()
          .catch(() => Buffer.alloc(0))
          .then((body) => ({ type, url: response.url(), body })),
      );
    });
    await tab.goto(`${base}${page.path}`, { waitUntil: "load" });
    // (waitForFunction would need eval, which the page's CSP refuses)
    if (options.expectHydration)
      await tab.waitForSelector("html[data-tessera-hydrated=true]", { timeout: 20_000 });
    await tab.waitForLoadState("networkidle");
    const timings = await tab.evaluate(() => {
      const paint = (name: string) => performance.getEntriesByName(name, "paint")[0]?.startTime ?? Number.NaN;
      const w = window as { __tesseraHydratedAt?: number; litHtmlVersions?: unknown[] };
      const navigation = performance.getEntriesByType("navigation")[0] as
        | PerformanceNavigationTiming
        | undefined;
      const loadEventEnd = navigation?.loadEventEnd ?? Number.NaN;
      return {
        loadEventEndMs: loadEventEnd,
        hydratedAfterLoadMs:
          w.__tesseraHydratedAt === undefined ? undefined : w.__tesseraHydratedAt - loadEventEnd,
        firstPaintMs: paint("first-paint"),
        firstContentfulPaintMs: paint("first-contentful-paint"),
        hydratedMs: w.__tesseraHydratedAt,
        litHtmlVersions: w.litHtmlVersions?.length,
      };
    });
    const loaded = await Promise.all(bodies);
    const sum = (list: { body: Buffer }[], gzip = false) =>
      list.reduce(
        (n, r) => n + (gzip ? Bun.gzipSync(new Uint8Array(r.body)).byteLength : r.body.byteLength),
        0,
      );
    const html = loaded.filter((r) => r.type === "document");
    const js = loaded.filter((r) => r.type === "script");
    const other = loaded.filter((r) => r.type !== "document" && r.type !== "script");
    return {
      htmlRaw: sum(html),
      htmlGzip: sum(html, true),
      jsRaw: sum(js),
      jsGzip: sum(js, true),
      otherRaw: sum(other),
      requests: loaded.length,
      jsRequests: js.length,
      ...timings,
      litFiles: js.filter((r) => r.body.includes("litHtmlVersions")).length,
    };
  } finally {
    await context.close();
  }
}

/** The median of each numeric field over the runs (undefined stays undefined). */
export function medianLoad(loads: Load[]): Load {
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  };
  const first = loads[0] as Load;
  const out = { ...first } as Record<string, number | undefined>;
  for (const key of Object.keys(first) as (keyof Load)[]) {
    const values = loads
      .map((l) => l[key])
      .filter((v): v is number => typeof v === "number" && !Number.isNaN(v));
    out[key] = values.length > 0 ? median(values) : undefined;
  }
  return out as unknown as Load;
}
