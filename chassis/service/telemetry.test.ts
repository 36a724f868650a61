import { describe, expect, test } from "bun:test";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace";
import { Hono } from "hono";
import { createLogger, memoryDestination } from "../log/index.ts";
import { createMetrics } from "../metrics/index.ts";
import { createTracing, injectTraceHeaders } from "../trace/index.ts";
import { telemetry } from "./telemetry.ts";

const CALLER = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

function makeApp(exporter?: InMemorySpanExporter) {
  const destination = memoryDestination();
  const log = createLogger({ service: "svc", version: "1", destination });
  const { tracer } = createTracing({ service: "svc", version: "1", exporters: exporter ? [exporter] : [] });
  const metrics = createMetrics({ service: "svc", version: "1", processMetrics: false });
  const app = new Hono();
  app.use(telemetry({ log, tracer, metrics }));
  // what a handler's outgoing call would carry
  app.get("/things/:id", (c) => c.json(Object.fromEntries(injectTraceHeaders(new Headers()))));
  return { app, lines: destination.lines, metrics };
}

describe("telemetry()", () => {
  for (const exporting of [false, true]) {
    const mode = exporting ? "a tracer that exports" : "a tracer that exports nothing";
    test(`${mode} - the caller's trace continues downstream, in the log line and in traceresponse`, async () => {
      const exporter = exporting ? new InMemorySpanExporter() : undefined;
      const { app, lines } = makeApp(exporter);
      const response = await app.request("/things/1", { headers: { traceparent: CALLER } });
      const outgoing = ((await response.json()) as { traceparent: string }).traceparent;
      const [, traceId, spanId] = outgoing.split("-");
      expect(traceId).toBe("0af7651916cd43dd8448eb211c80319c");
      expect(spanId).toMatch(/^[0-9a-f]{16}$/);
      expect(spanId).not.toBe("b7ad6b7169203331");
      expect(response.headers.get("traceresponse")).toBe(`00-${traceId}-${spanId}-01`);
      expect(lines.find((l) => l.msg === "request")).toMatchObject({ trace_id: traceId, span_id: spanId });
      const spans = exporter?.getFinishedSpans() ?? [];
      expect(spans.map((s) => s.name)).toEqual(exporting ? ["GET /things/:id"] : []);
      if (exporting) expect(spans[0]?.spanContext().spanId).toBe(spanId as string);
    });
  }

  test("no traceparent - a new trace, different for each request", async () => {
    const { app } = makeApp();
    const ids = await Promise.all(
      [1, 2].map(async () => (await app.request("/things/1")).headers.get("traceresponse") ?? ""),
    );
    for (const id of ids) expect(id).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(ids[0]?.split("-")[1]).not.toBe(ids[1]?.split("-")[1]);
  });

  test("requests - counted and timed per method, route and status", async () => {
    const { app, metrics } = makeApp();
    await app.request("/things/1");
    await app.request("/things/2");
    await app.request("/nowhere");
    const text = await metrics.render();
    expect(text).toContain(
      'http_server_requests_total{method="GET",route="/things/:id",status="200",service="svc"} 2',
    );
    expect(text).toContain(
      'http_server_requests_total{method="GET",route="/*",status="404",service="svc"} 1',
    );
    expect(text).toContain(
      'http_server_request_duration_seconds_count{service="svc",method="GET",route="/things/:id",status="200"} 2',
    );
  });
});
