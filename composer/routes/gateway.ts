/**
 * The API gateway / BFF: `/api/<service>/<path>` is forwarded to `<service>/api/<path>`, and
 * `/_assets/<team>/<file>` to the team's `/assets/<file>`. Hop-by-hop headers are dropped both
 * ways and only an allowlist of request headers is forwarded.
 */

import { AppError } from "@tessera/chassis/errors";
import type { HttpClient } from "@tessera/chassis/http";
import { type Context, Hono } from "hono";

const REQUEST_HEADERS = [
  "accept",
  "accept-language",
  "content-type",
  "if-none-match",
  "if-modified-since",
  "user-agent",
  "x-request-id",
];
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "content-length",
  "content-encoding",
]);

export interface GatewayOptions {
  services: Record<string, string>;
  http: HttpClient;
  timeoutMs: number;
}

async function forward(
  c: Context,
  options: GatewayOptions,
  service: string,
  path: string,
): Promise<Response> {
  const base = options.services[service];
  if (!base) throw new AppError("not_found", `No service named "${service}" behind the gateway`, { service });
  const target = new URL(path, base);
  target.search = new URL(c.req.url).search;
  const headers = new Headers();
  for (const name of REQUEST_HEADERS) {
    const value = c.req.header(name);
    if (value) headers.set(name, value);
  }
  const method = c.req.method;
  const upstream = await options.http.fetch(target, {
    method,
    headers,
    body: method === "GET" || method === "HEAD" ? undefined : await c.req.arrayBuffer(),
    redirect: "manual",
    timeoutMs: options.timeoutMs,
    spanName: `gateway ${service}`,
  });
  const out = new Headers();
  for (const [name, value] of upstream.headers) if (!HOP_BY_HOP.has(name)) out.set(name, value);
  return new Response(upstream.body, { status: upstream.status, headers: out });
}

export function gatewayRoutes(options: GatewayOptions): Hono {
  return new Hono()
    .all("/api/:service/*", (c) => {
      const service = c.req.param("service");
      return forward(c, options, service, c.req.path.replace(`/api/${service}/`, "/api/"));
    })
    .get("/_assets/:service/*", (c) => {
      const service = c.req.param("service");
      return forward(c, options, service, c.req.path.replace(`/_assets/${service}/`, "/assets/"));
    });
}
