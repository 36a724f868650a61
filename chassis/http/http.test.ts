import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { AppError } from "../errors/index.ts";
import { createTracing, withSpan } from "../trace/index.ts";
import { createHttpClient } from "./index.ts";

let server: ReturnType<typeof Bun.serve>;
let base: string;
beforeAll(() => {
  server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(request) {
      const url = new URL(request.url);
      if (url.pathname === "/slow") await new Promise((r) => setTimeout(r, 500));
      if (url.pathname === "/echo") return Response.json({ traceparent: request.headers.get("traceparent") });
      if (url.pathname === "/problem") {
        return new Response(
          JSON.stringify({
            type: "x",
            title: "Not found",
            status: 404,
            detail: "no sku Q",
            code: "not_found",
          }),
          {
            status: 404,
            headers: { "content-type": "application/problem+json" },
          },
        );
      }
      return Response.json({ ok: true });
    },
  });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(() => server.stop(true));

describe("createHttpClient()", () => {
  test("a call inside a span - sends a traceparent of that trace", async () => {
    const { tracer } = createTracing({ service: "http-test", version: "1" });
    const http = createHttpClient();
    const [traceId, body] = await withSpan(
      "caller",
      async (span) =>
        [span.spanContext().traceId, await http.json<{ traceparent: string }>(`${base}/echo`)] as const,
      { tracer },
    );
    expect(body.traceparent.split("-")[1]).toBe(traceId);
  });

  test("an upstream slower than the timeout - fails with a timeout AppError naming the URL", async () => {
    const http = createHttpClient({ timeoutMs: 50 });
    const error = await http.fetch(`${base}/slow`).catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe("timeout");
    expect(error.message).toContain("/slow gave no answer within 50 ms");
  });

  test("an upstream problem - is decoded into an AppError with its status and detail", async () => {
    const error = (await createHttpClient()
      .json(`${base}/problem`)
      .catch((e) => e)) as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect(error.status).toBe(404);
    expect(error.message).toBe("no sku Q");
    expect(error.extensions.upstream_status).toBe(404);
  });

  test("nobody listening - fails with a bad_gateway AppError", async () => {
    const error = await createHttpClient()
      .fetch("http://127.0.0.1:9/")
      .catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe("bad_gateway");
  });
});
