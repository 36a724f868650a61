/**
 * What the composer adds for operators: `/ops/api/*` forwarded to the ops service at the same
 * path (so the ops pages and the ops API sit under one `/ops/` prefix and one guard), and
 * `GET /ops/breakers`, this composer's circuit breaker per discovered instance, as JSON.
 */
import { Hono } from "hono";
import type { Breakers } from "../discovery/breakers.ts";
import type { Discovery } from "../discovery/discovery.ts";
import { breakerStates } from "../ops-report.ts";
import { forward, type GatewayOptions } from "./gateway.ts";

export interface OpsRoutesOptions {
  discovery: Discovery;
  breakers: Breakers;
  gateway: GatewayOptions;
}

export function opsRoutes(options: OpsRoutesOptions): Hono {
  return new Hono()
    .get("/ops/breakers", (c) =>
      c.json({ breakers: breakerStates(options.discovery, options.breakers) }, 200, {
        "cache-control": "no-store",
      }),
    )
    .all("/ops/api/*", (c) => forward(c, options.gateway, "ops", c.req.path, "ops api"));
}
