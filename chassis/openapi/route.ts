/** Serving a document at `GET /openapi.json`. */
import { Hono } from "hono";
import type { OpenApiDocument } from "./document.ts";

/**
 * Routes serving `document` at `GET /openapi.json`, to mount at `/`. Give a function to build the
 * document on the first request instead of at start.
 *
 * @example
 * new Hono().route("/", openApiRoutes(openApiDocument({ title, version, operations })));
 */
export function openApiRoutes(document: OpenApiDocument | (() => OpenApiDocument)): Hono {
  let built: OpenApiDocument | undefined;
  return new Hono().get("/openapi.json", (c) => {
    built ??= typeof document === "function" ? document() : document;
    return c.json(built, 200, { "cache-control": "public, no-cache" });
  });
}
