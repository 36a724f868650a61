import { afterEach, describe, expect, test } from "bun:test";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace";
import { AppError } from "@tessera/chassis/errors";
import { MAX_BATCH_PARTS, type PartAnswer, serveFragmentBatch, type WireAnswer } from "@tessera/chassis/http";
import { createMemoryRegistry } from "@tessera/chassis/registry";
import { context, createTracing, openSpan, SpanKind, trace, withSpan } from "@tessera/chassis/trace";
import { fakeInstance } from "../testing/fake-service.ts";
import { upstreamOver } from "../testing/upstream.ts";

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

const BATCH = "/fragments/batch";
const html = (body: string, status = 200): PartAnswer => ({
  status,
  headers: { "content-type": "text/html" },
  body,
});

/**
 * An upstream over instances of `catalog`, each answering a part with `answer(label, path)`
 * (single requests and batch parts alike), or with no batch endpoint when `batches` is false.
 */
async function catalog(
  labels: string[],
  answer: (label: string, path: string) => PartAnswer | Promise<PartAnswer>,
  batches = true,
) {
  const registry = createMemoryRegistry();
  const instances = [];
  /** Each request's headers, read while it is served (a served request's headers are gone after). */
  const headers: Record<string, string>[] = [];
  for (const label of labels) {
    const single = async (path: string) => {
      const { status, headers, body } = await answer(label, path);
      return new Response(body as string, { status, headers });
    };
    const instance = await fakeInstance(
      registry,
      "catalog",
      (request) => {
        headers.push(Object.fromEntries(request.headers));
        const url = new URL(request.url);
        if (url.pathname === "/fragments/broken-batch") return new Response("boom", { status: 500 });
        if (url.pathname === BATCH)
          return batches
            ? serveFragmentBatch(request, { part: (path) => answer(label, path) })
            : new Response("not found", { status: 404 });
        return single(url.pathname + url.search);
      },
      `catalog-${label}`,
    );
    cleanup.push(() => instance.stop());
    instances.push(instance);
  }
  const { upstream, stop } = await upstreamOver(registry);
  cleanup.push(stop);
  return { upstream, instances, headers };
}

const text = (answer: WireAnswer) =>
  answer.body instanceof Uint8Array
    ? new TextDecoder().decode(answer.body)
    : new Response(answer.body).text();
const paths = (requests: Request[]) => requests.map((r) => new URL(r.url).pathname);

describe("fragment batches (Upstream.fragment with batch)", () => {
  test("a page's three calls to one team - one request, each call its own part", async () => {
    const { upstream, instances } = await catalog(["a"], (_label, path) => html(`<p>${path}</p>`));
    const page = new Headers({ accept: "text/html" });
    const batch = { path: BATCH, key: page };
    const answers = await Promise.all(
      ["/fragments/x", "/fragments/y?sku=1", "/fragments/z"].map((path) =>
        upstream.fragment("catalog", path, { headers: page, batch }),
      ),
    );
    expect(await Promise.all(answers.map((a) => text(a.answer)))).toEqual([
      "<p>/fragments/x</p>",
      "<p>/fragments/y?sku=1</p>",
      "<p>/fragments/z</p>",
    ]);
    expect(answers.map((a) => a.answer.headers.get("content-type"))).toEqual([
      "text/html",
      "text/html",
      "text/html",
    ]);
    expect(paths(instances[0]?.requests ?? [])).toEqual([BATCH]);
  });

  test("traced - the batch a CLIENT span under the page's, each part sent its own fragment span's traceparent", async () => {
    const exporter = new InMemorySpanExporter();
    const { tracer } = createTracing({ service: "composer-test", version: "1", exporters: [exporter] });
    const { upstream, headers } = await catalog(["a"], (_label, path) => html(path));
    const page = new Headers({ accept: "text/html" });
    const batch = { path: BATCH, key: page };
    const fragmentSpans = await withSpan(
      "page",
      async (pageSpan) => {
        const spans = ["x", "y"].map((name) =>
          openSpan(`fragment catalog/${name}`, trace.setSpan(context.active(), pageSpan), {
            kind: SpanKind.CLIENT,
          }),
        );
        await Promise.all(
          spans.map((span, i) =>
            upstream.fragment("catalog", `/fragments/${["x", "y"][i]}`, { headers: page, batch, span }),
          ),
        );
        for (const span of spans) span.end();
        return spans.map((span) => span.spanContext().spanId);
      },
      { tracer },
    );
    const finished = exporter.getFinishedSpans();
    const pageSpan = finished.find((s) => s.name === "page");
    const batchSpan = finished.find((s) => s.name === "GET catalog fragment batch");
    expect(batchSpan?.kind).toBe(SpanKind.CLIENT);
    expect(batchSpan?.parentSpanContext?.spanId).toBe(pageSpan?.spanContext().spanId);
    expect(batchSpan?.spanContext().traceId).toBe(pageSpan?.spanContext().traceId);
    expect(batchSpan?.attributes["http.response.status_code"]).toBe(200);
    // the batch request names its span; each part its fragment's
    const [sent] = headers;
    expect(sent?.traceparent?.split("-")[2]).toBe(batchSpan?.spanContext().spanId);
    const target = new URL(batchSpan?.attributes["url.full"] as string);
    expect(target.searchParams.getAll("t").map((t) => t.split("-")[2])).toEqual(fragmentSpans);
  });

  test("calls of two pages (other headers) - one batch each, never mixed", async () => {
    const { upstream, instances, headers } = await catalog(["a"], (_label, path) => html(path));
    const one = new Headers({ "accept-language": "de" });
    const two = new Headers({ "accept-language": "fr" });
    await Promise.all([
      upstream.fragment("catalog", "/fragments/x", { headers: one, batch: { path: BATCH, key: one } }),
      upstream.fragment("catalog", "/fragments/x", { headers: two, batch: { path: BATCH, key: two } }),
      upstream.fragment("catalog", "/fragments/y", { headers: one, batch: { path: BATCH, key: one } }),
      upstream.fragment("catalog", "/fragments/y", { headers: two, batch: { path: BATCH, key: two } }),
    ]);
    const requests = instances[0]?.requests ?? [];
    expect(paths(requests)).toEqual([BATCH, BATCH]);
    expect(headers.map((h) => h["accept-language"]).sort()).toEqual(["de", "fr"]);
  });

  test("a slow part past its timeout - that call times out, the other answered before the slow part ends", async () => {
    let release = () => {};
    const slow = new Promise<void>((resolve) => (release = resolve));
    cleanup.push(() => release());
    const { upstream } = await catalog(["a"], (_label, path) =>
      path === "/fragments/slow" ? slow.then(() => html("late")) : html("quick"),
    );
    const page = new Headers();
    const batch = { path: BATCH, key: page };
    const late = upstream.fragment("catalog", "/fragments/slow", { headers: page, batch, timeoutMs: 100 });
    const quick = upstream.fragment("catalog", "/fragments/fast", { headers: page, batch, timeoutMs: 5000 });
    expect(await text((await quick).answer)).toBe("quick");
    const failure = await late.catch((error) => error);
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).code).toBe("timeout");
    expect((failure as AppError).message).toContain("/fragments/slow gave no answer within 100 ms");
  });

  test("a part answering 503 - retried alone on the other instance", async () => {
    const { upstream, instances } = await catalog(["a", "b"], (label, path) =>
      label === "a" && path === "/fragments/y" ? html("down", 503) : html(`${label}${path}`),
    );
    const page = new Headers();
    const batch = { path: BATCH, key: page };
    // the round robin gives the batch to a, the retry to b
    const [x, y] = await Promise.all([
      upstream.fragment("catalog", "/fragments/x", { headers: page, batch }),
      upstream.fragment("catalog", "/fragments/y", { headers: page, batch }),
    ]);
    expect(await text((x as { answer: WireAnswer }).answer)).toBe("a/fragments/x");
    expect(await text((y as { answer: WireAnswer }).answer)).toBe("b/fragments/y");
    expect(paths(instances[0]?.requests ?? [])).toEqual([BATCH]);
    expect(paths(instances[1]?.requests ?? [])).toEqual(["/fragments/y"]);
  });

  test("a batch answered 500 as a whole - every call retried alone on the other instance", async () => {
    const { upstream, instances } = await catalog(["a", "b"], (label, path) => html(`${label}${path}`));
    // a batch endpoint that fails (the single fragments answer)
    const failing = instances[0];
    const page = new Headers();
    const batch = { path: "/fragments/broken-batch", key: page };
    const answers = await Promise.all(
      ["/fragments/x", "/fragments/y"].map((path) =>
        upstream.fragment("catalog", path, { headers: page, batch }),
      ),
    );
    expect(await Promise.all(answers.map((a) => text(a.answer)))).toEqual(["b/fragments/x", "b/fragments/y"]);
    expect(paths(failing?.requests ?? [])).toEqual(["/fragments/broken-batch"]);
    expect(paths(instances[1]?.requests ?? []).sort()).toEqual(["/fragments/x", "/fragments/y"]);
  });

  test("an instance without a batch endpoint - each call sent alone to it", async () => {
    const { upstream, instances } = await catalog(["a"], (_label, path) => html(path), false);
    const page = new Headers();
    const batch = { path: BATCH, key: page };
    const answers = await Promise.all(
      ["/fragments/x", "/fragments/y"].map((path) =>
        upstream.fragment("catalog", path, { headers: page, batch }),
      ),
    );
    expect(await Promise.all(answers.map((a) => text(a.answer)))).toEqual(["/fragments/x", "/fragments/y"]);
    expect(paths(instances[0]?.requests ?? []).sort()).toEqual([BATCH, "/fragments/x", "/fragments/y"]);
  });

  test("more calls than a batch holds - several batches, every call answered", async () => {
    const { upstream, instances } = await catalog(["a"], (_label, path) => html(path));
    const page = new Headers();
    const batch = { path: BATCH, key: page };
    const wanted = Array.from({ length: MAX_BATCH_PARTS + 8 }, (_, i) => `/fragments/f${i}`);
    const answers = await Promise.all(
      wanted.map((path) => upstream.fragment("catalog", path, { headers: page, batch })),
    );
    expect(await Promise.all(answers.map((a) => text(a.answer)))).toEqual(wanted);
    expect(paths(instances[0]?.requests ?? [])).toEqual([BATCH, BATCH]);
  });

  test("one call in its tick - sent alone, no batch", async () => {
    const { upstream, instances } = await catalog(["a"], (_label, path) => html(path));
    const page = new Headers();
    const { answer } = await upstream.fragment("catalog", "/fragments/x", {
      headers: page,
      batch: { path: BATCH, key: page },
    });
    expect(await text(answer)).toBe("/fragments/x");
    expect(paths(instances[0]?.requests ?? [])).toEqual(["/fragments/x"]);
  });
});
