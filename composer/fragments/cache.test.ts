import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createMemoryRegistry } from "@tessera/chassis/registry";
import { createComposer } from "../app.ts";
import { type FakeInstance, fakeInstance, manifestOf } from "../testing/fake-service.ts";

/** A team whose fragments answer with the Cache-Control the test sets, counting hits per fragment. */
const cacheControl: Record<string, string> = {};
const failing = new Set<string>();
const hits: Record<string, number> = {};
let version = 1;
let team: FakeInstance;
let composer: Awaited<ReturnType<typeof createComposer>>;

beforeAll(async () => {
  const registry = createMemoryRegistry();
  team = await fakeInstance(registry, "team", (request) => {
    const url = new URL(request.url);
    if (url.pathname === "/fragments/manifest.json")
      return Response.json(manifestOf("team", { f: "/fragments/f" }, "<p>fallback</p>"));
    const key = url.searchParams.get("k") ?? "";
    hits[key] = (hits[key] ?? 0) + 1;
    if (failing.has(key)) return new Response("down", { status: 500 });
    const etag = `"v${version}"`;
    if (key.startsWith("etag") && request.headers.get("if-none-match") === etag)
      return new Response(null, { status: 304, headers: { etag, "cache-control": cacheControl[key] ?? "" } });
    const headers: Record<string, string> = {
      "content-type": "text/html",
      "cache-control": cacheControl[key] ?? "",
    };
    if (key.startsWith("etag")) headers.etag = etag;
    if (key.startsWith("vary")) headers.vary = "Accept-Language";
    return new Response(`<p>${key} v${version} ${request.headers.get("accept-language") ?? ""}</p>`, {
      headers,
    });
  });
  const templates = {
    "/:k": '<body><tessera-fragment service="team" name="f" k="{params.k}"></tessera-fragment></body>',
  };
  composer = await createComposer({
    registry,
    templates,
    env: { LOG_LEVEL: "silent" },
    shellDist: "/nonexistent",
  });
});
afterAll(async () => {
  await composer.close();
  await team.stop();
});

const page = async (k: string, headers: Record<string, string> = {}) =>
  (await (await composer.app.request(`/${k}`, { headers })).text()).replace(/<\/?body>/g, "");
/** Waits until the cache has stored the body it is teeing (it is written when the body ends). */
const settle = () => Bun.sleep(5);

describe("fragment cache", () => {
  test("max-age - a second page within it is served from the cache", async () => {
    cacheControl.fresh = "max-age=60";
    expect(await page("fresh")).toBe("<p>fresh v1 </p>");
    await settle();
    expect(await page("fresh")).toBe("<p>fresh v1 </p>");
    expect(hits.fresh).toBe(1);
  });

  test("no-store and private - are fetched every time", async () => {
    cacheControl.nostore = "no-store, max-age=60";
    cacheControl.private = "private, max-age=60";
    for (const k of ["nostore", "private"]) {
      await page(k);
      await settle();
      await page(k);
    }
    expect(hits.nostore).toBe(2);
    expect(hits.private).toBe(2);
  });

  test("an ETag - a stale entry is revalidated with If-None-Match and a 304 reuses the stored body", async () => {
    cacheControl.etag1 = "max-age=0";
    expect(await page("etag1")).toBe("<p>etag1 v1 </p>");
    await settle();
    expect(await page("etag1")).toBe("<p>etag1 v1 </p>");
    expect(hits.etag1).toBe(2);
    const second = team.requests.filter((r) => r.url.includes("k=etag1"))[1];
    expect(second?.headers.get("if-none-match")).toBe('"v1"');
  });

  test("stale-while-revalidate - the stale copy is served at once while it is refreshed", async () => {
    cacheControl.swr = "max-age=0, stale-while-revalidate=60";
    expect(await page("swr")).toBe("<p>swr v1 </p>");
    await settle();
    version = 2;
    expect(await page("swr")).toBe("<p>swr v1 </p>");
    await settle();
    expect(await page("swr")).toBe("<p>swr v2 </p>");
    version = 1;
  });

  test("stale-if-error - the stored copy replaces a failing fragment", async () => {
    cacheControl.sie = "max-age=0, stale-if-error=60";
    expect(await page("sie")).toBe("<p>sie v1 </p>");
    await settle();
    failing.add("sie");
    expect(await page("sie")).toBe("<p>sie v1 </p>");
    failing.delete("sie");
  });

  test("a failing fragment never stored - falls back to the manifest's fallback", async () => {
    failing.add("never");
    expect(await page("never")).toBe(
      '<div data-boundary="team/f" data-fallback="true"><p>fallback</p></div>',
    );
    failing.delete("never");
  });

  test("Vary on a forwarded header - keeps one entry per value", async () => {
    cacheControl.vary = "max-age=60";
    expect(await page("vary", { "accept-language": "de" })).toBe("<p>vary v1 de</p>");
    await settle();
    expect(await page("vary", { "accept-language": "fr" })).toBe("<p>vary v1 fr</p>");
    await settle();
    expect(await page("vary", { "accept-language": "de" })).toBe("<p>vary v1 de</p>");
    expect(hits.vary).toBe(2);
  });
});
