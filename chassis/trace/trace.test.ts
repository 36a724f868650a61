import { describe, expect, test } from "bun:test";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace";
import {
  createTracing,
  currentTraceIds,
  extractTraceContext,
  injectTraceHeaders,
  withSpan,
} from "./index.ts";

describe("tracing", () => {
  test("nested spans across awaits and timers - share one trace and parent correctly", async () => {
    const exporter = new InMemorySpanExporter();
    const { tracer } = createTracing({ service: "t", version: "1", exporters: [exporter] });
    await withSpan(
      "outer",
      async () => {
        await new Promise((r) => setTimeout(r, 5));
        await withSpan("inner", async () => {
          expect(currentTraceIds()).toBeDefined();
        });
      },
      { tracer },
    );
    const [inner, outer] = exporter.getFinishedSpans();
    expect(inner?.name).toBe("inner");
    expect(inner?.spanContext().traceId).toBe(outer?.spanContext().traceId as string);
    expect(inner?.parentSpanContext?.spanId).toBe(outer?.spanContext().spanId as string);
  });

  test("injectTraceHeaders() - writes a W3C traceparent that extractTraceContext() continues", async () => {
    const exporter = new InMemorySpanExporter();
    const { tracer } = createTracing({ service: "t", version: "1", exporters: [exporter] });
    const headers = await withSpan("client", async () => injectTraceHeaders(new Headers()), { tracer });
    const traceparent = headers.get("traceparent") ?? "";
    expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    await withSpan("server", async () => undefined, { tracer, parent: extractTraceContext(headers) });
    const [client, server] = exporter.getFinishedSpans();
    expect(server?.spanContext().traceId).toBe(client?.spanContext().traceId as string);
    expect(server?.parentSpanContext?.spanId).toBe(client?.spanContext().spanId as string);
  });

  test("a failing span - is marked as an error and the error is rethrown", async () => {
    const exporter = new InMemorySpanExporter();
    const { tracer } = createTracing({ service: "t", version: "1", exporters: [exporter] });
    await expect(withSpan("boom", () => Promise.reject(new Error("nope")), { tracer })).rejects.toThrow(
      "nope",
    );
    expect(exporter.getFinishedSpans()[0]?.status.code).toBe(2);
  });
});

describe("OTLP export", () => {
  test("OTEL_EXPORTER_OTLP_ENDPOINT set - spans are posted to <endpoint>/v1/traces with the service name", async () => {
    const bodies: Uint8Array[] = [];
    const collector = Bun.serve({
      port: 0,
      hostname: "127.0.0.1",
      async fetch(request) {
        if (new URL(request.url).pathname === "/v1/traces")
          bodies.push(new Uint8Array(await request.arrayBuffer()));
        return new Response("{}", { headers: { "content-type": "application/json" } });
      },
    });
    const tracing = createTracing({
      service: "otlp-check",
      version: "1",
      otlpEndpoint: `http://127.0.0.1:${collector.port}`,
    });
    await withSpan("exported-span", async () => undefined, { tracer: tracing.tracer });
    await tracing.forceFlush();
    await tracing.shutdown();
    collector.stop(true);
    const text = new TextDecoder().decode(bodies[0] ?? new Uint8Array());
    expect(bodies.length).toBeGreaterThan(0);
    expect(text).toContain("exported-span");
    expect(text).toContain("otlp-check");
  });
});

describe("withSpan() with a tracer that exports nothing", () => {
  test("a new span id under the parent's trace, active inside, nothing recorded", async () => {
    const { tracer } = createTracing({ service: "quiet", version: "1" });
    const parent = extractTraceContext({
      traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
    });
    const seen = await withSpan(
      "quiet",
      async (span) => {
        span.setAttribute("ignored", 1);
        return { ids: currentTraceIds(), recording: span.isRecording() };
      },
      { tracer, parent },
    );
    expect(seen.recording).toBe(false);
    expect(seen.ids?.trace_id).toBe("0af7651916cd43dd8448eb211c80319c");
    expect(seen.ids?.span_id).toMatch(/^[0-9a-f]{16}$/);
    expect(seen.ids?.span_id).not.toBe("b7ad6b7169203331");
  });

  test("no parent - a new valid trace", async () => {
    const { tracer } = createTracing({ service: "quiet", version: "1" });
    const headers = await withSpan("quiet", async () => injectTraceHeaders(new Headers()), { tracer });
    expect(headers.get("traceparent")).toMatch(/^00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-01$/);
  });
});
