import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace";
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

describe("HttpClient.wire()", () => {
  const read = async (body: Uint8Array | ReadableStream<Uint8Array>) =>
    new TextDecoder().decode(body instanceof Uint8Array ? body : await Bun.readableStreamToBytes(body));

  test("an http: URL inside a span - status, headers and a Uint8Array body, traceparent of that trace sent", async () => {
    const { tracer } = createTracing({ service: "http-test", version: "1" });
    const http = createHttpClient();
    const [traceId, answer] = await withSpan(
      "caller",
      async (span) => [span.spanContext().traceId, await http.wire(`${base}/echo`)] as const,
      { tracer },
    );
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toContain("application/json");
    expect(answer.body).toBeInstanceOf(Uint8Array);
    expect(JSON.parse(await read(answer.body)).traceparent.split("-")[1]).toBe(traceId);
  });

  test("the caller's span given - no span of its own, the status set on the given one", async () => {
    // spans are recorded only when something exports them
    const { tracer } = createTracing({
      service: "http-test",
      version: "1",
      exporters: [new InMemorySpanExporter()],
    });
    const http = createHttpClient();
    const attributes = await withSpan(
      "fragment",
      async (span) => {
        await http.wire(`${base}/echo`, { span });
        return (span as unknown as { attributes: Record<string, unknown> }).attributes;
      },
      { tracer },
    );
    expect(attributes["http.response.status_code"]).toBe(200);
    expect(attributes["url.full"]).toBe(`${base}/echo`);
  });

  test("an upstream slower than the timeout - fails with a timeout AppError naming the URL", async () => {
    const error = await createHttpClient({ timeoutMs: 50 })
      .wire(`${base}/slow`)
      .catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe("timeout");
    expect(error.message).toContain("/slow gave no answer within 50 ms");
  });

  test("nobody listening - fails with a bad_gateway AppError naming the cause", async () => {
    const error = await createHttpClient()
      .wire("http://127.0.0.1:9/")
      .catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe("bad_gateway");
    expect(error.message).toContain("connection refused");
  });

  test("the caller aborts - rejects with the signal's reason, not an AppError", async () => {
    const controller = new AbortController();
    const pending = createHttpClient().wire(`${base}/slow`, { signal: controller.signal });
    controller.abort(new Error("page closed"));
    const error = await pending.catch((e) => e);
    expect(error).not.toBeInstanceOf(AppError);
    expect(error.message).toBe("page closed");
  });

  test("a client with a custom fetch - the call goes through it, its Response converted", async () => {
    const seen: string[] = [];
    const http = createHttpClient({
      fetch: async (request) => {
        seen.push(`${request.method} ${request.url} ${request.headers.get("accept")}`);
        return new Response("<p>hi</p>", { status: 203, headers: { "content-type": "text/html" } });
      },
    });
    const answer = await http.wire("http://catalog.test/fragment", { headers: { accept: "text/html" } });
    expect(seen).toEqual(["GET http://catalog.test/fragment text/html"]);
    expect(answer.status).toBe(203);
    expect(answer.headers.get("content-type")).toBe("text/html");
    expect(await read(answer.body)).toBe("<p>hi</p>");
  });
});
