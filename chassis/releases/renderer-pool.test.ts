import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFragmentReleases, type FragmentReleases } from "./fragment-releases.ts";
import { createRendererPool } from "./renderer-pool.ts";
import { renderers as builtIn } from "./testing/card-v1.ts";
import { BUILT_IN, type ReleaseStore } from "./types.ts";
import { releaseDir } from "./version.ts";

const V2 = "1.0.0+2222222222";
let releasesDir: string;
let releases: FragmentReleases;

async function collect(body: ReadableStream<Uint8Array> | string): Promise<string> {
  return typeof body === "string" ? body : new Response(body).text();
}

beforeAll(async () => {
  releasesDir = await mkdtemp(join(tmpdir(), "tessera-pool-"));
  // version 2 of the same custom element, bundled as a release's server bundle
  const built = await Bun.build({
    entrypoints: [join(import.meta.dir, "testing", "card-v2.ts")],
    outdir: join(releaseDir(releasesDir, "team", V2), "server"),
    naming: "server.js",
    target: "bun",
  });
  expect(built.success).toBe(true);
  const store = { watch: () => () => {} } as unknown as ReleaseStore;
  releases = createFragmentReleases({
    team: "team",
    version: "1.0.0",
    renderers: builtIn,
    environment: { releasesDir, store: async () => store },
  });
});
afterAll(async () => {
  await releases.close();
  await rm(releasesDir, { recursive: true, force: true });
});

const request = (version?: string) =>
  new Request("http://x/", { headers: version ? { "tessera-fragment-version": version } : {} });

describe("rendering releases", () => {
  test("the built-in and a deployed version of the same element - both render, each its own", async () => {
    const [one, two] = await Promise.all([
      releases.render(releases.select(request()), "card", { label: "Buy" }),
      releases.render(releases.select(request(V2)), "card", { label: "Buy" }),
    ]);
    expect(await collect(one)).toContain("Buy (v1)");
    expect(await collect(two)).toContain("Buy (v2)");
    // and again, in the other order: the worker stays, the in-process registry is untouched
    expect(await collect(await releases.render(V2, "card", { label: "Again" }))).toContain("Again (v2)");
    expect(await collect(await releases.render(BUILT_IN, "card", { label: "Again" }))).toContain(
      "Again (v1)",
    );
  });

  test("the version asked for - answered in fragment-version, and named in vary", () => {
    expect(releases.headers(BUILT_IN)).toEqual({
      "fragment-version": "team@1.0.0",
      vary: "tessera-fragment-version",
    });
    expect(releases.headers(V2)["fragment-version"]).toBe(`team@${V2}`);
    expect(releases.select(request("1.0.0"))).toBe(BUILT_IN);
    expect(releases.select(request("built-in"))).toBe(BUILT_IN);
  });

  test("an HTML answer's headers - content type, cache-control, version, and vary naming what else it depends on first", () => {
    expect(releases.htmlHeaders(V2, { cacheControl: "no-store", vary: ["x-tessera-identity"] })).toEqual({
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "fragment-version": `team@${V2}`,
      vary: "x-tessera-identity, tessera-fragment-version",
    });
    expect(releases.htmlHeaders(BUILT_IN, { cacheControl: "public, max-age=5" }).vary).toBe(
      "tessera-fragment-version",
    );
  });

  test("a version that is not published, or not a version - a 400 naming it, never another version", () => {
    expect(() => releases.select(request("1.0.0+9999999999"))).toThrow(
      /team has no release "1\.0\.0\+9999999999"/,
    );
    expect(() => releases.select(request("../../etc"))).toThrow(/"\.\.\/\.\.\/etc" is not a release version/);
    try {
      releases.select(request("1.0.0+9999999999"));
    } catch (error) {
      expect((error as { status?: number }).status).toBe(400);
    }
  });

  test("a renderer the release does not have - the render fails with its name", async () => {
    await expect(releases.render(V2, "nope", {})).rejects.toThrow(/no renderer "nope"/);
  });
});

describe("the renderer pool", () => {
  test("a version no longer live - its worker stops; asked again, it starts again", async () => {
    const pool = createRendererPool({ releasesDir, team: "team" });
    try {
      expect(await pool.render(V2, "plain", { text: "hi" })).toBe("<p>hi</p>");
      expect(pool.running()).toEqual([V2]);
      pool.retain(new Set(["1.0.0+1111111111"]));
      expect(pool.running()).toEqual([]);
      expect(await pool.render(V2, "plain", { text: "back" })).toBe("<p>back</p>");
    } finally {
      await pool.close();
    }
  });

  test("a release whose bundle is missing - the render fails saying it cannot load", async () => {
    const pool = createRendererPool({ releasesDir, team: "team" });
    try {
      await expect(pool.render("1.0.0+3333333333", "card", {})).rejects.toThrow(/cannot load/);
    } finally {
      await pool.close();
    }
  });
});
