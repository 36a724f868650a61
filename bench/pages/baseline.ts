/**
 * The baseline a page is compared with: a static copy of the same composed HTML, every `<script>`
 * taken out, served from memory by `Bun.serve`. Everything else it asks for (stylesheets, images)
 * is proxied to the storefront, so the two loads fetch the same CSS and pictures; the difference
 * is composition on the server and the JavaScript in the browser.
 */
import type { Server } from "bun";

/** The page without its scripts: the shell's module and the federation data. */
export function withoutScripts(html: string): string {
  return html
    .replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, "")
    .replace(/<link\b[^>]*\brel="modulepreload"[^>]*>/g, "");
}

export interface Baseline {
  url: string;
  /** Serves `html` at `path` from now on. */
  set(path: string, html: string): void;
  stop(): void;
}

export function startBaseline(storefront: string): Baseline {
  const pages = new Map<string, string>();
  const server: Server<undefined> = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(request) {
      const url = new URL(request.url);
      const page = pages.get(url.pathname + url.search);
      if (page !== undefined)
        return new Response(page, {
          headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
        });
      const upstream = await fetch(`${storefront}${url.pathname}${url.search}`, { redirect: "manual" });
      const headers = new Headers(upstream.headers);
      headers.delete("content-encoding");
      headers.delete("content-length");
      return new Response(upstream.body, { status: upstream.status, headers });
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}`,
    set: (path, html) => pages.set(path, html),
    stop: () => server.stop(true),
  };
}
