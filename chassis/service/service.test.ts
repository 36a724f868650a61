import { describe, expect, test } from "bun:test";
import { Hono } from "hono";
import { AppError } from "../errors/index.ts";
import { createLogger, memoryDestination } from "../log/index.ts";
import { createMetrics } from "../metrics/index.ts";
import { createTracing } from "../trace/index.ts";
import { createServiceApp } from "./app.ts";

function makeApp(options: { ready?: () => Promise<void>; draining?: () => boolean } = {}) {
  const destination = memoryDestination();
  const log = createLogger({ service: "svc", version: "9.9.9", destination });
  const { tracer } = createTracing({ service: "svc", version: "9.9.9" });
  const metrics = createMetrics({ service: "svc", version: "9.9.9", processMetrics: false });
  const app = createServiceApp({
    log,
    tracer,
    metrics,
    health: {
      checks: [{ name: "database", check: options.ready ?? (async () => {}) }],
      isDraining: options.draining,
    },
  });
  app.route(
    "/",
    new Hono()
      .get("/things/:id", (c) => c.json({ id: c.req.param("id") }))
      .get("/missing", () => {
        throw new AppError("not_found", "no such thing");
      })
      .get("/crash", () => {
        throw new Error("secret internal detail at /srv/app.ts:12");
      }),
  );
  return { app, lines: destination.lines };
}

describe("createServiceApp()", () => {
  test("a request - logs one line with method, route, status, duration, trace ids, service and version", async () => {
    const { app, lines } = makeApp();
    const response = await app.request("/things/42", {
      headers: {
        traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        authorization: "Bearer s3cret",
      },
    });
    expect(response.status).toBe(200);
    const line = lines.find((l) => l.msg === "request");
    expect(line).toMatchObject({
      method: "GET",
      route: "/things/:id",
      status: 200,
      service: "svc",
      version: "9.9.9",
      trace_id: "0af7651916cd43dd8448eb211c80319c",
    });
    expect(typeof line?.duration_ms).toBe("number");
    expect(line?.span_id).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.stringify(lines)).not.toContain("s3cret");
  });

  test("logging a secret-bearing object - redacts authorization, cookie and password", () => {
    const destination = memoryDestination();
    const log = createLogger({ service: "svc", version: "1", destination });
    log.info({ headers: { authorization: "Bearer abc", cookie: "sid=1" }, user: { password: "pw" } }, "x");
    expect(JSON.stringify(destination.lines)).not.toMatch(/Bearer abc|sid=1|"pw"/);
  });

  test("an AppError - becomes problem+json with its status and the trace id", async () => {
    const { app } = makeApp();
    const response = await app.request("/missing");
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    const body = await response.json();
    expect(body).toMatchObject({ status: 404, detail: "no such thing", instance: "/missing" });
    expect(body.trace_id).toMatch(/^[0-9a-f]{32}$/);
  });

  test("an unexpected error - is a 500 problem without the message or a stack trace", async () => {
    const { app, lines } = makeApp();
    const response = await app.request("/crash");
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain("secret internal detail");
    expect(text).not.toContain("app.ts");
    expect(
      lines.some((l) => l.level === "error" && JSON.stringify(l).includes("secret internal detail")),
    ).toBe(true);
  });

  test("an unknown route - is a 404 problem naming it", async () => {
    const { app } = makeApp();
    const response = await app.request("/nowhere", { method: "DELETE" });
    expect(response.status).toBe(404);
    expect((await response.json()).detail).toBe("Nothing is served at DELETE /nowhere");
  });

  test("/health/ready - reports each check, and 503 when one fails or while draining", async () => {
    let draining = false;
    let up = true;
    const { app } = makeApp({
      ready: async () => {
        if (!up) throw new Error("connection refused");
      },
      draining: () => draining,
    });
    expect((await app.request("/health/live")).status).toBe(200);
    let response = await app.request("/health/ready");
    expect(response.status).toBe(200);
    expect((await response.json()).checks.database.status).toBe("up");
    up = false;
    response = await app.request("/health/ready");
    expect(response.status).toBe(503);
    expect((await response.json()).checks.database).toMatchObject({
      status: "down",
      error: "connection refused",
    });
    up = true;
    draining = true;
    response = await app.request("/health/ready");
    expect(response.status).toBe(503);
    expect((await response.json()).status).toBe("draining");
  });

  test("/metrics - counts requests per route and status and shows the build info", async () => {
    const { app } = makeApp();
    await app.request("/things/1");
    await app.request("/things/2");
    await app.request("/missing");
    const text = await (await app.request("/metrics")).text();
    expect(text).toContain(
      'http_server_requests_total{method="GET",route="/things/:id",status="200",service="svc"} 2',
    );
    expect(text).toContain(
      'http_server_requests_total{method="GET",route="/missing",status="404",service="svc"} 1',
    );
    expect(text).toMatch(/tessera_build_info\{version="9\.9\.9",runtime="bun [^"]+",service="svc"\} 1/);
    expect(text).toContain("http_server_request_duration_seconds_bucket");
  });
});
