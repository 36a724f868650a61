import { describe, expect, test } from "bun:test";
import { createTracing, withSpan } from "../trace/index.ts";
import { createOpsClient } from "./index.ts";

function endpoint(failFirst = 0) {
  const reports: Record<string, unknown>[] = [];
  let calls = 0;
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(request) {
      calls++;
      if (calls <= failFirst) return new Response(null, { status: 502 });
      reports.push({ path: new URL(request.url).pathname, ...(await request.json()) });
      return new Response(null, { status: 202 });
    },
  });
  return { url: `http://127.0.0.1:${server.port}`, reports, stop: () => server.stop(true) };
}

describe("createOpsClient()", () => {
  test("reportError inside a span - posted to /ingest/exceptions with type, stack, route, release and trace id", async () => {
    const ops = endpoint(1);
    const client = createOpsClient({ url: ops.url, service: "checkout", version: "2.1.0", retryDelayMs: 10 });
    const { tracer } = createTracing({ service: "checkout", version: "2.1.0" });
    let traceId = "";
    await withSpan(
      "POST /checkout/place-order",
      async (span) => {
        traceId = span.spanContext().traceId;
        client.reportError(new TypeError("total is undefined"), { route: "POST /checkout/place-order" });
      },
      { tracer },
    );
    await client.flush();
    expect(ops.reports).toEqual([
      expect.objectContaining({
        path: "/ingest/exceptions",
        kind: "server",
        service: "checkout",
        release: "2.1.0",
        type: "TypeError",
        message: "total is undefined",
        url: "POST /checkout/place-order",
        trace_id: traceId,
      }),
    ]);
    expect(String(ops.reports[0]?.stack)).toContain("ops-client.test.ts");
    expect(client.stats()).toMatchObject({ sent: 1, failed: 0 });
    ops.stop();
  });

  test("a browser's report - kind browser, the failing remote's team and release, the page and its trace", async () => {
    const ops = endpoint();
    const client = createOpsClient({ url: ops.url, service: "composer", version: "1.0.0" });
    client.reportClientError({
      kind: "remote-load",
      message: "Failed to load checkout/AddToCart",
      traceId: "0af7651916cd43dd8448eb211c80319c",
      page: "/product/CL-01?sku=CL-01-GR",
      module: "checkout/AddToCart",
      releases: { shell: "1.0.0", checkout: "3.2.0" },
    });
    await client.flush();
    expect(ops.reports[0]).toMatchObject({
      kind: "browser",
      service: "checkout",
      release: "3.2.0",
      type: "remote-load",
      url: "/product/CL-01?sku=CL-01-GR",
      trace_id: "0af7651916cd43dd8448eb211c80319c",
    });
    ops.stop();
  });

  test("ops unreachable - reporting neither throws nor waits; the report is counted as failed", async () => {
    const client = createOpsClient({
      url: "http://127.0.0.1:9",
      service: "x",
      version: "1",
      attempts: 2,
      retryDelayMs: 1,
    });
    client.reportError(new Error("boom"));
    expect(client.stats().queued).toBe(1);
    await client.flush();
    expect(client.stats()).toMatchObject({ sent: 0, failed: 1, queued: 0 });
  });
});
