/**
 * The composer's `/ops/*` guard: only a signed-in operator (the session's `operator` role) gets
 * through. An anonymous page view is sent to the sign-in page (and back afterwards); anything
 * else anonymous is a 401 problem; a shopper without the role gets a 403 problem.
 */
import { OPERATOR_ROLE } from "@tessera/chassis/access";
import { AppError } from "@tessera/chassis/errors";
import type { MiddlewareHandler } from "hono";
import type { ShopperContext } from "./shopper.ts";

export function composerOpsGuard(shopper: ShopperContext): MiddlewareHandler {
  return async (c, next) => {
    const principal = await shopper.principal(c.req.raw);
    if (!principal) {
      if (c.req.method === "GET" && (c.req.header("accept") ?? "").includes("text/html")) {
        const back = new URL(c.req.url);
        return c.redirect(`/account/login?returnTo=${encodeURIComponent(back.pathname + back.search)}`, 303);
      }
      throw new AppError("unauthorized", "Sign in as an operator first");
    }
    if (!principal.roles.includes(OPERATOR_ROLE))
      throw new AppError("forbidden", "Only an operator may open the ops pages");
    await next();
  };
}
