/**
 * Form posts that work without JavaScript: `POST /checkout/*` goes to the checkout service and
 * `POST /account/*` to identity, at the same path, the body passed through with the shopper
 * context added; the answer's status, `Location` and body come back, `set-cookie` only for the
 * shopper cookies. Posts are never retried.
 */
import { Hono } from "hono";
import { forward, type GatewayOptions } from "./gateway.ts";

export function formRoutes(options: GatewayOptions): Hono {
  return new Hono()
    .post("/checkout/*", (c) => forward(c, options, "checkout", c.req.path, "form checkout"))
    .post("/account/*", (c) => forward(c, options, "identity", c.req.path, "form identity"));
}
