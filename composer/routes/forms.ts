/**
 * Form posts that work without JavaScript: `POST /checkout/*` goes to the checkout service and
 * `POST /account/*` to identity, at the same path, the body passed through with the shopper
 * context added; the answer's status, `Location` and body come back, `set-cookie` only for the
 * shopper cookies. Posts are never retried. Each is rate limited per client and must pass the
 * CSRF check (same site, a `_csrf` token matching the browser's cookie) before it is forwarded.
 */
import { Hono, type MiddlewareHandler } from "hono";
import { forward, type GatewayOptions, limitClient } from "./gateway.ts";

export function formRoutes(options: GatewayOptions): Hono {
  const guard: MiddlewareHandler = async (c, next) => {
    if (c.req.method !== "POST") return next();
    limitClient(c, options);
    await options.csrf.checkForm(c);
    await next();
  };
  return new Hono()
    .use("/checkout/*", guard)
    .use("/account/*", guard)
    .post("/checkout/*", (c) => forward(c, options, "checkout", c.req.path, "form checkout"))
    .post("/account/*", (c) => forward(c, options, "identity", c.req.path, "form identity"));
}
