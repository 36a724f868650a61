/**
 * The API gateway / BFF: `/api/<service>/<path>` is forwarded to `<service>/api/<path>` on an
 * instance found through discovery, and `/_assets/<team>/<file>` to the team's `/assets/<file>`.
 * Only an allowlist of request headers and the shopper context cross; hop-by-hop headers are
 * dropped both ways; `set-cookie` comes back only for the shopper cookies.
 */
import type { Context } from "hono";
import { Hono } from "hono";
import { API_HEADERS, pickHeaders, responseHeaders } from "../context/headers.ts";
import { SHOPPER_COOKIES, type ShopperContext } from "../context/shopper.ts";
import type { Upstream } from "../discovery/upstream.ts";

export interface GatewayOptions {
  upstream: Upstream;
  shopper: ShopperContext;
  timeoutMs: number;
}

/** Forwards the request to `service` at `path` (the query string kept). */
export async function forward(
  c: Context,
  options: GatewayOptions,
  service: string,
  path: string,
  spanName: string,
  withShopper = true,
): Promise<Response> {
  const headers = pickHeaders(c.req.raw.headers, API_HEADERS);
  if (withShopper)
    for (const [name, value] of Object.entries(await options.shopper(c.req.raw))) headers.set(name, value);
  const method = c.req.method;
  const { response } = await options.upstream.fetch(service, `${path}${new URL(c.req.url).search}`, {
    method,
    headers,
    body: method === "GET" || method === "HEAD" ? undefined : await c.req.arrayBuffer(),
    redirect: "manual",
    timeoutMs: options.timeoutMs,
    spanName,
  });
  return new Response(response.body, {
    status: response.status,
    headers: responseHeaders(response.headers, SHOPPER_COOKIES),
  });
}

export function gatewayRoutes(options: GatewayOptions): Hono {
  return new Hono()
    .all("/api/:service/*", (c) => {
      const service = c.req.param("service");
      return forward(
        c,
        options,
        service,
        c.req.path.replace(`/api/${service}/`, "/api/"),
        `gateway ${service}`,
      );
    })
    .get("/_assets/:service/*", (c) => {
      const service = c.req.param("service");
      return forward(
        c,
        options,
        service,
        c.req.path.replace(`/_assets/${service}/`, "/assets/"),
        `assets ${service}`,
        false,
      );
    });
}
