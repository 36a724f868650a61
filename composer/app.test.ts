import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { memoryDestination } from "@tessera/chassis/log";
import { createMemoryRegistry } from "@tessera/chassis/registry";
import { createComposer } from "./app.ts";
import { parseTemplate } from "./template/parse.ts";

/** A stand-in for the catalog: its manifest, a fragment whose delay and status the test picks, an API. */
const seen: Headers[] = [];
let fake: ReturnType<typeof Bun.serve>;
let composer: Awaited<ReturnType<typeof createComposer>>;
const logs = memoryDestination();
const delays: Record<string, number> = {};
const statuses: Record<string, number> = {};

const registry = createMemoryRegistry();

beforeAll(async () => {
  fake = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(request) {
      const url = new URL(request.url);
      seen.push(request.headers);
      if (url.pathname === "/fragments/manifest.json") {
        return Response.json({
          team: "catalog",
          version: "1.0.0",
          fragments: {
            "product-card": {
              endpoint: "/fragments/product-card",
              element: "catalog-product-card",
              module: "catalog/product-card",
              fallback: "<p>manifest fallback</p>",
            },
          },
          federation: { name: "tessera_catalog", alias: "catalog", manifest: "/assets/mf-manifest.json" },
          assets: { js: [], css: [] },
        });
      }
      if (url.pathname === "/fragments/product-card") {
        const sku = url.searchParams.get("sku") ?? "";
        await new Promise((r) => setTimeout(r, delays[sku] ?? 0));
        if (sku === "JSON-1") return Response.json({ not: "html" });
        return new Response(
          `<catalog-product-card data-boundary="catalog/product-card" sku="${sku}"></catalog-product-card>`,
          {
            status: statuses[sku] ?? 200,
            headers: { "content-type": "text/html" },
          },
        );
      }
      if (url.pathname.startsWith("/api/")) {
        return Response.json(
          { path: url.pathname, search: url.search, cookie: request.headers.get("cookie") },
          {
            headers: { connection: "close", "x-team": "catalog" },
          },
        );
      }
      return new Response("no", { status: 404 });
    },
  });
  const instance = (name: string, url: string) => ({
    id: `${name}-1`,
    name,
    version: "1.0.0",
    url,
    health: "up" as const,
    manifest: "/fragments/manifest.json",
    renewedAt: Date.now(),
  });
  await registry.put(instance("catalog", `http://127.0.0.1:${fake.port}`));
  await registry.put(instance("explore", "http://127.0.0.1:9"));
  composer = await createComposer({
    registry,
    templates: { "/": HOME },
    env: { FRAGMENT_TIMEOUT_MS: "300", LOG_LEVEL: "info" },
    logDestination: logs,
    shellDist: "/nonexistent",
  });
});
afterAll(async () => {
  await composer.close();
  fake.stop(true);
});

/** A page of three catalog product cards, as the foundation's home page was. */
const HOME = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tessera</title>
<meta name="trace-id" content="{{trace_id}}">
{{federation}}
</head><body><main>
<tessera-fragment service="catalog" name="product-card" sku="CL-01-GR"></tessera-fragment>
<tessera-fragment service="catalog" name="product-card" sku="AU-01-SI"></tessera-fragment>
<tessera-fragment service="catalog" name="product-card" sku="CO-25-OR"></tessera-fragment>
</main>{{shell}}</body></html>`;

describe("composer — the home page", () => {
  test("every fragment answering - the page holds each card, the trace id and the federation data", async () => {
    const response = await composer.app.request("/", {
      headers: { "accept-language": "de-DE", cookie: "sid=secret" },
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    for (const sku of ["CL-01-GR", "AU-01-SI", "CO-25-OR"]) expect(html).toContain(`sku="${sku}"`);
    const traceId = /<meta name="trace-id" content="([0-9a-f]{32})">/.exec(html)?.[1];
    expect(traceId).toBeDefined();
    expect(response.headers.get("traceresponse")).toContain(traceId as string);
    const federation = JSON.parse(
      /<script type="application\/json" id="tessera-federation" data-tessera-federation nonce="[^"]+">(.*?)<\/script>/.exec(
        html,
      )?.[1] ?? "{}",
    );
    expect(federation).toEqual({
      remotes: [{ name: "tessera_catalog", alias: "catalog", entry: "/_assets/catalog/mf-manifest.json" }],
      components: { "catalog-product-card": "catalog/product-card" },
    });
  });

  test("a fragment request - forwards the allowlisted headers and the trace, never the shopper's cookie", async () => {
    seen.length = 0;
    await (
      await composer.app.request("/", {
        headers: { "accept-language": "de-DE", cookie: "sid=secret", authorization: "Bearer x" },
      })
    ).text();
    const fragmentRequests = seen.filter((h) => h.get("accept") === "text/html");
    expect(fragmentRequests.length).toBe(3);
    for (const h of fragmentRequests) {
      expect(h.get("accept-language")).toBe("de-DE");
      expect(h.get("cookie")).toBeNull();
      expect(h.get("authorization")).toBeNull();
      expect(h.get("traceparent")).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    }
  });

  test("a fragment slower than its timeout - is replaced by the fallback, logged and counted", async () => {
    delays["AU-01-SI"] = 1000;
    const html = await (await composer.app.request("/")).text();
    delete delays["AU-01-SI"];
    expect(html).toContain('sku="CL-01-GR"');
    expect(html).not.toContain('sku="AU-01-SI"');
    expect(html).toContain(
      '<div data-boundary="catalog/product-card" data-fallback="true"><p>manifest fallback</p></div>',
    );
    expect(logs.lines.some((l) => l.msg === "fragment failed" && String(l.reason).includes("300 ms"))).toBe(
      true,
    );
    const metrics = await (await composer.app.request("/metrics")).text();
    expect(metrics).toMatch(
      /composer_fragment_requests_total\{team="catalog",fragment="product-card",outcome="fallback",service="composer"\} [1-9]/,
    );
  });

  test("a fragment answering 500 - falls back without failing the page", async () => {
    statuses["CO-25-OR"] = 500;
    const response = await composer.app.request("/");
    const html = await response.text();
    delete statuses["CO-25-OR"];
    expect(response.status).toBe(200);
    expect(html).toContain('data-fallback="true"');
    expect(html).toContain('sku="CL-01-GR"');
  });

  test("a fragment answering 200 with JSON - falls back instead of streaming JSON into the page", async () => {
    const template = parseTemplate(
      "t",
      '<tessera-fragment service="catalog" name="product-card" sku="JSON-1"></tessera-fragment>',
    );
    const html = await (await composer.renderTemplate(template, new Request("http://x/"))).text();
    expect(html).toContain('data-fallback="true"');
    expect(html).not.toContain('"not"');
  });

  test("a slow fragment low in the page - does not delay the first bytes", async () => {
    delays["CO-25-OR"] = 250;
    const started = performance.now();
    const response = await composer.app.request("/");
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    const firstByteMs = performance.now() - started;
    let rest = "";
    for (let c = await reader.read(); !c.done; c = await reader.read())
      rest += new TextDecoder().decode(c.value);
    const totalMs = performance.now() - started;
    delete delays["CO-25-OR"];
    expect(first).toStartWith("<!doctype html>");
    expect(firstByteMs).toBeLessThan(totalMs);
    expect(rest).toContain('sku="CO-25-OR"');
  });
});

describe("composer — gateway", () => {
  test("/api/catalog/* - is forwarded to the catalog's /api/*, without cookies or hop-by-hop headers", async () => {
    const response = await composer.app.request("/api/catalog/products/CL-01-GR?x=1", {
      headers: { cookie: "sid=1" },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ path: "/api/products/CL-01-GR", search: "?x=1", cookie: null });
    expect(response.headers.get("x-team")).toBe("catalog");
    expect(response.headers.get("connection")).toBeNull();
  });

  test("/api/<unknown service>/* - is a 404 problem naming the service", async () => {
    const response = await composer.app.request("/api/billing/x");
    expect(response.status).toBe(404);
    expect((await response.json()).detail).toBe('No service named "billing" is registered');
  });

  test("a service nobody answers for - is a 502 problem", async () => {
    const response = await composer.app.request("/api/explore/products");
    expect(response.status).toBe(502);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
  });
});

describe("what a composer loads", () => {
  test("a composer with no collector and no NATS - loads neither drizzle, the PostgreSQL drivers, the NATS client nor the OTLP exporter", async () => {
    // a fresh process: this one has loaded them through other tests' imports
    const child = Bun.spawn(
      [
        process.execPath,
        "-e",
        `const { createComposer } = await import(${JSON.stringify(`${import.meta.dir}/app.ts`)});
         const composer = await createComposer({ env: { LOG_LEVEL: "error" }, templates: {} });
         await composer.close();
         console.log(JSON.stringify(Object.keys(require.cache)));`,
      ],
      { stdout: "pipe", stderr: "pipe" },
    );
    const [out, code] = await Promise.all([new Response(child.stdout).text(), child.exited]);
    expect(code).toBe(0);
    const loaded = JSON.parse(out.trim().split("\n").at(-1) ?? "[]") as string[];
    expect(loaded.some((path) => path.includes("/composer/app.ts"))).toBe(true);
    for (const heavy of [
      "/drizzle-orm/",
      "/pg/",
      "/@electric-sql/pglite/",
      "/@nats-io/",
      "/exporter-trace-otlp-http/",
    ])
      expect(loaded.filter((path) => path.includes(heavy))).toEqual([]);
  });
});
