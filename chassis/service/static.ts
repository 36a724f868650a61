/**
 * Serving a folder of built assets: content-hashed files are immutable for a year, everything
 * else revalidates with an ETag. Paths outside the folder are refused.
 */
import { resolve, sep } from "node:path";
import type { Context } from "hono";
import { AppError } from "../errors/index.ts";

export interface StaticOptions {
  /** Answers cross-origin reads (module federation manifests are fetched with `fetch`). */
  cors?: boolean;
}

const HASHED = /\.[0-9a-f]{8,}\.(js|css|mjs|svg|png|woff2)$/;

/** Serves `relativePath` from `root`, or a 404 problem. */
export async function serveFile(c: Context, root: string, relativePath: string, options: StaticOptions = {}) {
  const base = resolve(root);
  let decoded: string;
  try {
    decoded = decodeURIComponent(relativePath);
  } catch {
    throw new AppError("not_found", `No asset at ${relativePath.slice(0, 200)}`);
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a file name never holds control characters
  if (/[\u0000-\u001f\u007f]/.test(decoded))
    throw new AppError("not_found", "No asset at a path with control characters");
  const path = resolve(base, `.${sep}${decoded}`);
  if (!path.startsWith(base + sep))
    throw new AppError("not_found", `No asset at ${relativePath.slice(0, 200)}`);
  const file = Bun.file(path);
  if (!(await file.exists())) throw new AppError("not_found", `No asset at ${relativePath}`);
  const etag = `"${file.size.toString(36)}-${file.lastModified.toString(36)}"`;
  const headers: Record<string, string> = {
    "content-type": file.type,
    etag,
    "cache-control": HASHED.test(path) ? "public, max-age=31536000, immutable" : "public, no-cache",
    "x-content-type-options": "nosniff",
  };
  if (options.cors) headers["access-control-allow-origin"] = "*";
  if (c.req.header("if-none-match") === etag) return c.body(null, 304, headers);
  return c.body(file.stream(), 200, headers);
}
