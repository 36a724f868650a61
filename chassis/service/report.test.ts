import { describe, expect, test } from "bun:test";
import { Hono } from "hono";
import { AppError } from "../errors/index.ts";
import { createLogger } from "../log/index.ts";
import { createMetrics } from "../metrics/index.ts";
import { createTracing } from "../trace/index.ts";
import { createServiceApp } from "./app.ts";

describe("createServiceApp() with an error reporter (ops exception tracking)", () => {
  test("a crash and a 5xx AppError - reported with the route; a 4xx - not reported", async () => {
    const reported: { message: string; route: string }[] = [];
    const app = createServiceApp({
      log: createLogger({ service: "svc", version: "1", level: "silent" }),
      tracer: createTracing({ service: "svc", version: "1" }).tracer,
      metrics: createMetrics({ service: "svc", version: "1", processMetrics: false }),
      health: { checks: [] },
      reportError: (error, route) => reported.push({ message: (error as Error).message, route }),
    });
    app.route(
      "/",
      new Hono()
        .get("/orders/:id", () => {
          throw new TypeError("total is undefined");
        })
        .get("/down", () => {
          throw new AppError("unavailable", "payments is down");
        })
        .get("/missing", () => {
          throw new AppError("not_found", "no such order");
        }),
    );
    expect((await app.request("/orders/7")).status).toBe(500);
    expect((await app.request("/down")).status).toBe(503);
    expect((await app.request("/missing")).status).toBe(404);
    expect(reported).toEqual([
      { message: "total is undefined", route: "GET /orders/:id" },
      { message: "payments is down", route: "GET /down" },
    ]);
  });
});
