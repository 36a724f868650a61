/**
 * The principal of a request inside a service: {@link accessMiddleware} verifies the
 * `x-tessera-identity` token (for this service's audience) once per request, and the handlers ask
 * {@link identityOf}, {@link requireUser} or {@link requireOperator}. No token: an anonymous
 * caller. A token that does not verify: 401, never a silent downgrade. Nothing else (no
 * `x-tessera-user`, no cookie) tells a service who the caller is.
 *
 * @example
 * const user = requireUser(c); // 401 problem when nobody is signed in
 */
import type { Context, MiddlewareHandler } from "hono";
import { AppError } from "../errors/index.ts";
import { DELEGATION_HEADER, IDENTITY_HEADER, isOperator, type Principal } from "./claims.ts";
import { audienceOf, type TokenVerifier } from "./verify.ts";

declare module "hono" {
  interface ContextVariableMap {
    principal: Principal | undefined;
  }
}

/** A JWT's shape (three base64url parts), bounded; anything else is refused before verifying. */
const JWT = /^[A-Za-z0-9_-]{1,4096}\.[A-Za-z0-9_-]{1,8192}\.[A-Za-z0-9_-]{0,1024}$/;

/** Verifies the identity token when there is one and keeps the principal for the handlers. */
export function accessMiddleware(verify: TokenVerifier): MiddlewareHandler {
  return async (c, next) => {
    const token = c.req.header(IDENTITY_HEADER)?.trim();
    if (token) {
      if (!JWT.test(token)) throw new AppError("unauthorized", `The ${IDENTITY_HEADER} header is not a JWT`);
      c.set("principal", await verify(token));
    }
    await next();
  };
}

/** Who the request is on behalf of, or undefined for an anonymous caller. */
export function identityOf(c: Context): Principal | undefined {
  return c.get("principal");
}

/** The signed-in user; 401 when nobody is. */
export function requireUser(c: Context): Principal {
  const principal = identityOf(c);
  if (!principal) throw new AppError("unauthorized", "Sign in first: this needs a signed-in user");
  return principal;
}

/** The operator; 401 when nobody is signed in, 403 for anyone without the operator role. */
export function requireOperator(c: Context): Principal {
  const principal = requireUser(c);
  if (!isOperator(principal)) throw new AppError("forbidden", "Only an operator may do this");
  return principal;
}

/** `/ops/*` for operators only: the chassis mounts it once, so every service's ops routes are covered. */
export const operatorsOnly: MiddlewareHandler = async (c, next) => {
  requireOperator(c);
  await next();
};

/**
 * The headers to call `audience` on the caller's behalf with: the token the composer delegated
 * for it, when the request carries one; none otherwise (the call is then anonymous).
 */
export function delegatedHeaders(c: Context, audience: string): Record<string, string> {
  if (!identityOf(c)) return {};
  const tokens = (c.req.header(DELEGATION_HEADER) ?? "").split(/\s+/).filter((t) => JWT.test(t));
  const token = tokens.find((t) => audienceOf(t).includes(audience));
  return token ? { [IDENTITY_HEADER]: token } : {};
}
