/**
 * The API gateway / BFF: `/api/<service>/<path>` is forwarded to `<service>/api/<path>` on an
 * instance found through discovery, and `/_assets/<team>/<file>` to the team's `/assets/<file>`.
 * Only an allowlist of request headers and the shopper context cross (the shopper becomes an
 * internal identity token for that one service on the way out); hop-by-hop headers are dropped
 * both ways; `set-cookie` comes back only for the shopper cookies. Every client has a token
 * bucket of requests, and writes a cross-site page could send are refused (csrf.ts).
 */
import { clientAddress, type RateLimiter } from "@tessera/chassis/access";
import type { Context } from "hono";
import { Hono } from "hono";
import type { Csrf } from "../context/csrf.ts";
import { API_HEADERS, pickHeaders, responseHeaders } from "../context/headers.ts";
import { SHOPPER_COOKIES, type ShopperContext } from "../context/shopper.ts";
import type { Upstream } from "../discovery/upstream.ts";

export interface GatewayOptions {
  upstream: Upstream;
  shopper: ShopperContext;
  timeoutMs: number;
  /** CSRF checks for forms and API writes. */
  csrf: Csrf;
  /** Requests per client address. */
  limiter: RateLimiter;
  /** Shoppers reach the shop over HTTPS: the cookies passed back gain `Secure`. */
  behindTls: boolean;
}

/** A service name as the path may give it (anything else is not a service). */
const SERVICE = /^[a-z][a-z0-9-]{0,62}$/;

/** Takes a token from the client's bucket (429 problem with Retry-After when empty). */
export function limitClient(c: Context, options: GatewayOptions): string {
  const address = clientAddress(c);
  options.limiter.take(`client:${address}`, "requests from this address");
  return address;
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
  headers.set("x-forwarded-for", clientAddress(c));
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
    headers: responseHeaders(response.headers, SHOPPER_COOKIES, { secure: options.behindTls }),
  });
}

export function gatewayRoutes(options: GatewayOptions): Hono {
  return new Hono()
    .all("/api/:service/*", (c) => {
      const service = c.req.param("service");
      if (!SERVICE.test(service)) return c.notFound();
      limitClient(c, options);
      options.csrf.checkApi(c);
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
      if (!SERVICE.test(service)) return c.notFound();
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
