import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hono } from "hono";
import { createLogger, memoryDestination } from "../log/index.ts";
import { errorHandler, notFoundHandler } from "./errors.ts";
import { serveFile } from "./static.ts";

const root = mkdtempSync(join(tmpdir(), "static-"));
writeFileSync(join(root, "a.js"), "ok");
const app = new Hono()
  .get("/assets/*", (c) => serveFile(c, root, c.req.path.replace(/^\/assets\//, "")))
  .notFound(notFoundHandler)
  .onError(errorHandler(createLogger({ service: "t", version: "1", destination: memoryDestination() })));

describe("serveFile() - hostile paths", () => {
  test("control characters, broken percent-encoding, escapes - 404 problem, never 500", async () => {
    for (const path of ["%00%01", "%E0%A4%A", "..%2f..%2fetc%2fpasswd", "%2e%2e/%2e%2e/x", "a.js%00.png"]) {
      const response = await app.request(`/assets/${path}`);
      expect(response.status, path).toBe(404);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
    }
    expect((await app.request("/assets/a.js")).status).toBe(200);
  });
});
