/**
 * Full-page screenshots of the storefront's main pages at a desktop (1280×900) and a phone
 * (390×844) viewport, hydrated, written to `docs/screenshots/<page>-<desktop|phone>.png`.
 * Not a test: run it to look at the pages after a change to a fragment or the layout.
 *
 * Run: bun tests/browser/screenshots.ts [page names…]   (default: every main page)
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { memoryDestination } from "@tessera/chassis/log";
import { startEmbedded } from "../../scripts/embedded.ts";
import { MAIN_PAGES, VIEWPORTS, type ViewportName } from "./pages.ts";
import { launchChromium } from "./support.ts";

const outDir = join(import.meta.dir, "..", "..", "docs", "screenshots");
const only = process.argv.slice(2);
const pages = only.length > 0 ? MAIN_PAGES.filter((p) => only.includes(p.name)) : MAIN_PAGES;

const dataDir = await mkdtemp(join(tmpdir(), "tessera-screenshots-"));
const storefront = await startEmbedded({
  port: 0,
  servicePortBase: 0,
  dataDir,
  logDestination: memoryDestination(),
  say: () => {},
});
const browser = await launchChromium();
try {
  await mkdir(outDir, { recursive: true });
  for (const main of pages) {
    for (const viewport of Object.keys(VIEWPORTS) as ViewportName[]) {
      const context = await browser.newContext({ viewport: VIEWPORTS[viewport] });
      await main.prepare?.(context.request, storefront.url);
      const page = await context.newPage();
      await page.goto(`${storefront.url}${main.path}`);
      await page.waitForSelector("html[data-tessera-hydrated=true]", { timeout: 15_000 });
      // lazy images below the fold: scroll them into view, then back, so the full page shows them
      await page.evaluate(async () => {
        for (const img of document.querySelectorAll("img[loading=lazy]"))
          img.setAttribute("loading", "eager");
        await Promise.all(
          [...document.images].map((img) => (img.complete ? undefined : img.decode().catch(() => {}))),
        );
      });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      const file = join(outDir, `${main.name}-${viewport}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(`${file}${overflow > 0 ? `  (!) ${overflow}px wider than the viewport` : ""}`);
      await context.close();
    }
  }
} finally {
  await browser.close();
  await storefront.stop();
  await rm(dataDir, { recursive: true, force: true });
}
