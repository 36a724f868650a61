import { describe, expect, test } from "bun:test";
import { createLogger, memoryDestination } from "@tessera/chassis/log";
import { createMetrics } from "@tessera/chassis/metrics";
import { createServiceApp } from "@tessera/chassis/service";
import { createTracing } from "@tessera/chassis/trace";
import {
  type ClientErrorReport,
  clientErrorRoutes,
  createRateLimiter,
  MAX_REPORT_BYTES,
} from "./client-errors.ts";

const TRACE = "0af7651916cd43dd8448eb211c80319c";
const REPORT = {
  kind: "remote-load",
  message: "ScriptNetworkError: Failed to load script /_assets/checkout/remoteEntry.js",
  traceId: TRACE,
  page: "/product/TR-CL-001?sku=CL-01-GR",
  module: "checkout/add-to-cart",
  releases: { shell: "0.1.0", tessera_checkout: "/_assets/checkout/mf-manifest.json" },
};

/** The composer's route inside a service app (problem+json errors, /metrics), with its log and sink captured. */
function setup(perMinute = 20) {
  const logs = memoryDestination();
  const log = createLogger({ service: "composer", version: "test", level: "info", destination: logs });
  const metrics = createMetrics({ service: "composer", version: "test", processMetrics: false });
  const tracing = createTracing({ service: "composer", version: "test" });
  const received: ClientErrorReport[] = [];
  const app = createServiceApp({ log, tracer: tracing.tracer, metrics, health: { checks: [] } });
  app.route(
    "/",
    clientErrorRoutes({ log, metrics, perMinute, sink: { report: (r) => void received.push(r) } }),
  );
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    app.request("/_tessera/client-errors", {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": "203.0.113.7", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  return { app, logs, received, post };
}

describe("POST /_tessera/client-errors", () => {
  test("a valid report - 202, logged with the page's trace id, counted by kind, handed to the sink", async () => {
    const { app, logs, received, post } = setup();
    const response = await post(REPORT);
    expect(response.status).toBe(202);
    const line = logs.lines.find((l) => l.client_error === "remote-load");
    expect(line).toMatchObject({ trace_id: TRACE, module: "checkout/add-to-cart", page: REPORT.page });
    expect(String(line?.msg)).toContain("ScriptNetworkError");
    expect(received).toEqual([REPORT as ClientErrorReport]);
    const metrics = await (await app.request("/metrics")).text();
    expect(metrics).toMatch(/composer_client_errors_total\{[^}]*kind="remote-load"[^}]*\} 1/);
  });

  test("a report sent by sendBeacon as text/plain - accepted", async () => {
    const { post } = setup();
    expect((await post(REPORT, { "content-type": "text/plain;charset=UTF-8" })).status).toBe(202);
  });

  test("a report without a trace id, or of an unknown kind - 422 problem naming the field", async () => {
    const { post, received } = setup();
    const response = await post({ ...REPORT, traceId: "nope" });
    expect(response.status).toBe(422);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect((await response.json()).detail).toContain("traceId");
    expect((await post({ ...REPORT, kind: "meteor" })).status).toBe(422);
    expect(received).toEqual([]);
  });

  test("a body that is not JSON, or of another media type - 400, 415", async () => {
    const { post } = setup();
    expect((await post("{oops")).status).toBe(400);
    expect((await post(REPORT, { "content-type": "application/x-www-form-urlencoded" })).status).toBe(415);
  });

  test(`a report over ${MAX_REPORT_BYTES} bytes - 413`, async () => {
    const { post } = setup();
    const response = await post({ ...REPORT, stack: "x".repeat(MAX_REPORT_BYTES) });
    expect(response.status).toBe(413);
  });

  test("more reports from one client than the limit - 429 for that client, others still accepted", async () => {
    const { post } = setup(2);
    expect((await post(REPORT)).status).toBe(202);
    expect((await post(REPORT)).status).toBe(202);
    const limited = await post(REPORT);
    expect(limited.status).toBe(429);
    expect((await limited.json()).detail).toContain("203.0.113.7");
    expect((await post(REPORT, { "x-forwarded-for": "198.51.100.1" })).status).toBe(202);
  });
});

describe("createRateLimiter()", () => {
  test("a new window - the count starts again", () => {
    const allow = createRateLimiter(1, 1000);
    expect(allow("a", 0)).toBe(true);
    expect(allow("a", 500)).toBe(false);
    expect(allow("a", 1000)).toBe(true);
  });
});
