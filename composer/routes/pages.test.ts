import { describe, expect, test } from "bun:test";
import { markSecured } from "@tessera/chassis/access";
import { createLogger, memoryDestination } from "@tessera/chassis/log";
import { createMetrics } from "@tessera/chassis/metrics";
import { requestTelemetry } from "@tessera/chassis/service";
import { createTracing } from "@tessera/chassis/trace";
import { parseTemplate, type Template } from "../template/parse.ts";
import { isOpsRoute, type PageRoutesOptions, pageRoutes } from "./pages.ts";

const TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

function routesWith(render: PageRoutesOptions["render"], reported: string[] = []) {
  const logs = memoryDestination();
  const log = createLogger({ service: "composer", version: "test", level: "info", destination: logs });
  const metrics = createMetrics({ service: "composer", version: "test", processMetrics: false });
  const tracing = createTracing({ service: "composer", version: "test" });
  const pages: Record<string, Template> = {
    "/product/:id": parseTemplate("/product/:id", "<p>product</p>"),
    "/ops/health": parseTemplate("/ops/health", "<p>ops</p>"),
  };
  const routes = pageRoutes({
    pages,
    render,
    telemetry: requestTelemetry({ log, tracer: tracing.tracer, metrics }),
    behindTls: true,
    log,
    reportError: (error, route) => reported.push(`${route}: ${(error as Error).message}`),
  });
  return { routes, logs, metrics };
}

const html = (body: string, headers: Record<string, string> = {}) =>
  new Response(body, { headers: { "content-type": "text/html; charset=utf-8", ...headers } });

describe("page routes", () => {
  test("a page - rendered with its decoded route params, the security headers and a traceresponse in the caller's trace", async () => {
    const seen: Record<string, string>[] = [];
    const { routes, metrics, logs } = routesWith(async (_template, _request, params) => {
      seen.push(params);
      return html("<p>ok</p>");
    });
    const response = await routes.serve(
      new Request("http://shop.test/product/CL%2D01?x=1", { headers: { traceparent: TRACEPARENT } }),
    );
    expect(response?.status).toBe(200);
    expect(seen).toEqual([{ id: "CL-01" }]);
    expect(await response?.text()).toBe("<p>ok</p>");
    expect(response?.headers.get("x-frame-options")).toBe("DENY");
    expect(response?.headers.get("strict-transport-security")).toContain("max-age=");
    expect(response?.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(response?.headers.get("traceresponse")).toMatch(
      /^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/,
    );
    expect(await metrics.render()).toContain('route="/product/:id",status="200"');
    const line = logs.lines.find((l) => l.msg === "request");
    expect(line).toMatchObject({
      route: "/product/:id",
      status: 200,
      trace_id: "4bf92f3577b34da6a3ce929d0e0e4736",
    });
  });

  test("a composed page built with the headers given - keeps them as they are", async () => {
    const { routes } = routesWith(async (_t, _r, _p, { headers, traceresponse }) =>
      markSecured(
        html("<p>composed</p>", {
          ...Object.fromEntries(headers),
          traceresponse,
          "content-security-policy": "script-src 'nonce-x'; frame-ancestors 'none'; form-action 'self'",
        }),
      ),
    );
    const response = await routes.serve(new Request("http://shop.test/product/A"));
    expect(response?.headers.get("content-security-policy")).toBe(
      "script-src 'nonce-x'; frame-ancestors 'none'; form-action 'self'",
    );
    expect(response?.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response?.headers.get("traceresponse")).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  test("static and parametric routes - each path gets the route the router gives it, in the order the routes were added", async () => {
    const logs = memoryDestination();
    const log = createLogger({ service: "composer", version: "test", level: "info", destination: logs });
    const metrics = createMetrics({ service: "composer", version: "test", processMetrics: false });
    const tracing = createTracing({ service: "composer", version: "test" });
    const pages: Record<string, Template> = {};
    // "/about" comes after "/:slug", which matches it too: the first added wins, as in Hono
    for (const route of ["/", "/cart", "/:slug", "/about", "/product/:id", "/product/featured"])
      pages[route] = parseTemplate(route, "<p></p>");
    const served: string[] = [];
    const routes = pageRoutes({
      pages,
      render: async (template, _request, params) => {
        served.push(`${template.name} ${JSON.stringify(params)}`);
        return html("<p>ok</p>");
      },
      telemetry: requestTelemetry({ log, tracer: tracing.tracer, metrics }),
      behindTls: false,
      log,
    });
    for (const path of ["/", "/cart", "/about", "/product/featured", "/product/A", "/cart/", "/Cart"])
      await routes.serve(new Request(`http://shop.test${path}`));
    expect(served).toEqual([
      "/ {}",
      "/cart {}",
      '/:slug {"slug":"about"}',
      '/product/:id {"id":"featured"}',
      '/product/:id {"id":"A"}',
      '/:slug {"slug":"Cart"}',
    ]);
  });

  test("HEAD of a page - the GET's status and headers, no body", async () => {
    const { routes } = routesWith(async () => html("<p>ok</p>"));
    const response = await routes.serve(new Request("http://shop.test/product/A", { method: "HEAD" }));
    expect(response?.status).toBe(200);
    expect(response?.headers.get("content-type")).toContain("text/html");
    expect(await response?.text()).toBe("");
  });

  test("a render that throws - a 500 problem+json with the security headers, logged and reported", async () => {
    const reported: string[] = [];
    const { routes } = routesWith(async () => {
      throw new Error("boom");
    }, reported);
    const response = await routes.serve(new Request("http://shop.test/product/A"));
    expect(response?.status).toBe(500);
    expect(response?.headers.get("content-type")).toContain("application/problem+json");
    expect(response?.headers.get("x-frame-options")).toBe("DENY");
    expect(JSON.stringify(await response?.json())).not.toContain("boom");
    expect(reported).toEqual(["GET /product/:id: boom"]);
  });

  test("another method, another path, an /ops page - not served here (the app serves them)", () => {
    const { routes } = routesWith(async () => html("never"));
    expect(routes.serve(new Request("http://shop.test/product/A", { method: "POST" }))).toBeUndefined();
    expect(routes.serve(new Request("http://shop.test/nowhere"))).toBeUndefined();
    expect(routes.serve(new Request("http://shop.test/ops/health"))).toBeUndefined();
    expect(routes.routes).toEqual(["/product/:id"]);
    expect(isOpsRoute("/ops")).toBe(true);
    expect(isOpsRoute("/opsx")).toBe(false);
  });
});
