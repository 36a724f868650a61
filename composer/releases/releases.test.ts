import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { memoryDestination } from "@tessera/chassis/log";
import { createMemoryRegistry } from "@tessera/chassis/registry";
import { activate, openFileStore, type ReleaseStore, startCanary } from "@tessera/chassis/releases";
import { createComposer } from "../app.ts";
import { releaseRoutes } from "./routes.ts";
import { createReleaseView } from "./view.ts";

/**
 * A catalog stand-in that renders whichever version the composer asks for (and says which), with
 * a cache lifetime long enough that a cache mixing versions would show.
 */
const asked: (string | null)[] = [];
let fake: ReturnType<typeof Bun.serve>;
let composer: Awaited<ReturnType<typeof createComposer>>;
let store: ReleaseStore;
let dir: string;
const V2 = "0.1.0+2222222222";

const PAGE = `<!doctype html><html lang="en"><head><title>t</title>{{federation}}</head><body>
<tessera-fragment service="catalog" name="product-card" sku="A"></tessera-fragment>
<tessera-fragment service="catalog" name="product-card" sku="B"></tessera-fragment>
</body></html>`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tessera-composer-releases-"));
  store = openFileStore({ dir, pollMs: 20 });
  fake = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch(request) {
      const url = new URL(request.url);
      if (url.pathname === "/fragments/manifest.json")
        return Response.json({
          team: "catalog",
          version: "0.1.0",
          fragments: {
            "product-card": {
              endpoint: "/fragments/product-card",
              element: "catalog-product-card",
              module: "catalog/product-card",
            },
          },
          federation: { name: "tessera_catalog", alias: "catalog", manifest: "/assets/mf-manifest.json" },
          assets: { js: [], css: [] },
        });
      if (url.pathname === `/assets/releases/${V2}/integrity.json`)
        return Response.json({ "remoteEntry.js": "sha384-entry", "stats.json": "sha384-not-a-script" });
      const version = request.headers.get("tessera-fragment-version");
      asked.push(version);
      return new Response(`<p data-version="${version ?? "none"}">${url.searchParams.get("sku")}</p>`, {
        headers: {
          "content-type": "text/html",
          "cache-control": "public, max-age=60",
          "fragment-version": `catalog@${version ?? "0.1.0"}`,
        },
      });
    },
  });
  const registry = createMemoryRegistry();
  await registry.put({
    id: "catalog-1",
    name: "catalog",
    version: "0.1.0",
    url: `http://127.0.0.1:${fake.port}`,
    health: "up",
    manifest: "/fragments/manifest.json",
    renewedAt: Date.now(),
  });
  composer = await createComposer({
    registry,
    releases: store,
    templates: { "/": PAGE },
    env: { LOG_LEVEL: "silent" },
    logDestination: memoryDestination(),
    shellDist: "/nonexistent",
  });
});
afterAll(async () => {
  await composer.close();
  await store.close();
  fake.stop(true);
  await rm(dir, { recursive: true, force: true });
});

const cohortCookie = (response: Response) =>
  response.headers.getSetCookie().find((c) => c.startsWith("tessera_cohort="));
const versionsIn = (html: string) => [...html.matchAll(/data-version="([^"]+)"/g)].map((m) => m[1]);
const entryOf = (html: string) => /"entry":"([^"]+)"/.exec(html)?.[1];

/** Waits until the composer reports `revision` (what the CLI does). */
async function seen(revision: number) {
  for (let i = 0; i < 200; i++) {
    const state = (await (await composer.app.request("/_tessera/releases")).json()) as { revision: number };
    if (state.revision >= revision) return;
    await Bun.sleep(10);
  }
  throw new Error(`the composer never reported revision ${revision}`);
}

describe("composer - fragment versions", () => {
  test("nothing deployed - no version header, the built-in remote, no cohort cookie", async () => {
    const response = await composer.app.request("/");
    const html = await response.text();
    expect(versionsIn(html)).toEqual(["none", "none"]);
    expect(entryOf(html)).toBe("/_assets/catalog/mf-manifest.json");
    expect(cohortCookie(response)).toBeUndefined();
  });

  test("a version deployed - every fragment of the next page asks for it (not the cached old one), the shell gets its remote", async () => {
    const state = await store.update((s) => activate(s, "catalog", V2));
    await seen(state.revision);
    const html = await (await composer.app.request("/")).text();
    expect(versionsIn(html)).toEqual([V2, V2]);
    expect(entryOf(html)).toBe(`/_assets/catalog/releases/${V2}/mf-manifest.json`);
    // the release's own script hashes, for the shell to check its scripts against
    expect(html).toContain(`"integrity":{"remoteEntry.js":"sha384-entry"}`);
  });

  test("a canary at 50% - a cohort cookie for new shoppers, shoppers split, each keeps their version", async () => {
    const state = await store.update((s) => startCanary(s, "catalog", "0.1.0+3333333333", 50));
    await seen(state.revision);
    const got = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const first = await composer.app.request("/");
      const cookie = cohortCookie(first) ?? "";
      expect(cookie).toMatch(
        /^tessera_cohort=[A-Za-z0-9_-]{16,}; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/,
      );
      const html = await first.text();
      const [a, b] = versionsIn(html);
      expect(a).toBe(b as string); // one snapshot per page
      got.add(a as string);
      const again = await composer.app.request("/", { headers: { cookie: cookie.split(";")[0] as string } });
      expect(cohortCookie(again)).toBeUndefined();
      const html2 = await again.text();
      expect(versionsIn(html2)).toEqual([a, a]);
      expect(entryOf(html2)).toBe(entryOf(html));
    }
    expect(got).toEqual(new Set([V2, "0.1.0+3333333333"]));
  });
});

describe("composer - the release routes", () => {
  test("the ops page - each team's versions and the log, newest first", async () => {
    await store.append({
      at: "2026-01-01T00:00:00.000Z",
      by: "ana",
      action: "deploy",
      team: "catalog",
      version: V2,
      from: "built-in",
      result: "ok",
    });
    await store.append({
      at: "2026-01-02T00:00:00.000Z",
      by: "bo",
      action: "rollback",
      team: "catalog",
      version: "built-in",
      from: V2,
      result: "refused",
      reason: "no <reason>",
    });
    const view = await createReleaseView({ store, log: composer.log });
    try {
      const response = await releaseRoutes(view).request("/ops/deployments");
      expect(response.headers.get("content-type")).toContain("text/html");
      const html = await response.text();
      expect(html).toContain("<h1>Deployments</h1>");
      expect(html).toContain(`<td><code>${V2}</code></td><td><code>0.1.0+3333333333</code> to 50%</td>`);
      expect(html.indexOf(">bo<")).toBeLessThan(html.indexOf(">ana<"));
      expect(html).toContain("no &#60;reason&#62;");
    } finally {
      view.stop();
    }
  });
});
