import { afterEach, describe, expect, test } from "bun:test";
import { serveFragmentBatch } from "@tessera/chassis/http";
import { createMemoryRegistry } from "@tessera/chassis/registry";
import { createComposer } from "./app.ts";
import { fakeInstance, manifestOf } from "./testing/fake-service.ts";

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

const TEMPLATE = ["a", "b", "c"]
  .map((name) => `<tessera-fragment service="catalog" name="${name}"></tessera-fragment>`)
  .join("\n");

/** A composer over a catalog whose manifest names a batch endpoint; `parts` collects what each part was sent. */
async function composerWith(env: Record<string, string> = {}, alone: string[] = []) {
  const registry = createMemoryRegistry();
  const parts: Request[] = [];
  const serve = (request: Request): Response => {
    const name = new URL(request.url).pathname.split("/").at(-1);
    return new Response(`<p>${name}</p>`, { headers: { "content-type": "text/html" } });
  };
  const catalog = await fakeInstance(registry, "catalog", (request) => {
    const url = new URL(request.url);
    if (url.pathname === "/fragments/manifest.json") {
      const manifest = manifestOf("catalog", { a: "/fragments/a", b: "/fragments/b", c: "/fragments/c" });
      for (const name of alone) Object.assign(manifest.fragments[name] ?? {}, { batch: false });
      return Response.json({ ...manifest, batch: "/fragments/batch" });
    }
    if (url.pathname === "/fragments/batch")
      return serveFragmentBatch(request, {
        dispatch: (part) => {
          parts.push(part);
          return serve(part);
        },
      });
    return serve(request);
  });
  const composer = await createComposer({
    registry,
    env: { LOG_LEVEL: "silent", ...env },
    shellDist: "/nonexistent",
    templates: { "/page": `<main>${TEMPLATE}</main>` },
  });
  cleanup.push(
    () => composer.close(),
    () => catalog.stop(),
  );
  const requested = () =>
    catalog.requests.map((r) => new URL(r.url).pathname).filter((p) => p !== "/fragments/manifest.json");
  return { composer, parts, requested };
}

describe("a page's fragments of one team, from a team that offers batches", () => {
  test("one batch request - the page the same, each part in the page's trace", async () => {
    const { composer, parts, requested } = await composerWith();
    const response = await composer.app.request("/page");
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("<main><p>a</p>\n<p>b</p>\n<p>c</p></main>");
    expect(requested()).toEqual(["/fragments/batch"]);
    expect(parts.map((p) => new URL(p.url).pathname)).toEqual([
      "/fragments/a",
      "/fragments/b",
      "/fragments/c",
    ]);
    const trace = (response.headers.get("traceresponse") as string).split("-")[1];
    const sent = parts.map((p) => p.headers.get("traceparent")?.split("-"));
    // every part in the page's trace, each under a span of its own (its fragment's)
    expect(sent.map((t) => t?.[1])).toEqual([trace, trace, trace]);
    expect(new Set(sent.map((t) => t?.[2])).size).toBe(3);
  });

  test("a fragment its manifest keeps out of batches - asked for alone, the others batched", async () => {
    const { composer, parts, requested } = await composerWith({}, ["b"]);
    const response = await composer.app.request("/page");
    expect(await response.text()).toContain("<main><p>a</p>\n<p>b</p>\n<p>c</p></main>");
    expect(requested().sort()).toEqual(["/fragments/b", "/fragments/batch"]);
    expect(parts.map((p) => new URL(p.url).pathname)).toEqual(["/fragments/a", "/fragments/c"]);
  });

  test("FRAGMENT_BATCHES=false - one request per fragment, the same page", async () => {
    const { composer, requested } = await composerWith({ FRAGMENT_BATCHES: "false" });
    const response = await composer.app.request("/page");
    expect(await response.text()).toContain("<main><p>a</p>\n<p>b</p>\n<p>c</p></main>");
    expect(requested().sort()).toEqual(["/fragments/a", "/fragments/b", "/fragments/c"]);
  });

  test("FRAGMENT_BATCHES=maybe - refused at start, naming the variable", async () => {
    await expect(composerWith({ FRAGMENT_BATCHES: "maybe" })).rejects.toThrow("FRAGMENT_BATCHES");
  });
});
