/**
 * Access control for every Tessera process: internal identity tokens (minted by the composer
 * for one service each, verified by that service), the principal and its roles inside a
 * service, the operator guard on `/ops/*`, security headers, body limits and rate limits.
 *
 * @example
 * // in a service's route (the chassis verified the token already):
 * const { sub } = requireUser(c);
 * // calling another service on the user's behalf:
 * await http.json(url, { headers: delegatedHeaders(c, "checkout") });
 */

export { limitBody } from "./body-limit.ts";
export {
  DELEGATION_HEADER,
  IDENTITY_HEADER,
  INTERNAL_ALGORITHM,
  INTERNAL_ISSUER,
  INTERNAL_TOKEN_TTL_SECONDS,
  isOperator,
  OPERATOR_ROLE,
  type Principal,
} from "./claims.ts";
export { type AccessConfig, accessConfig } from "./config.ts";
export {
  applySecurityHeaders,
  completePolicy,
  DEFAULT_CSP,
  HTML_CSP,
  isSecured,
  markSecured,
  type SecurityHeadersOptions,
  secureResponse,
  securityHeaders,
  securityHeaderValues,
} from "./headers.ts";
export {
  accessKeysEnv,
  createSigningKeys,
  generatePrivateJwk,
  parseSigningKeys,
  publicJwkOf,
  type SigningKeys,
  withAccessKeys,
} from "./keys.ts";
export { createTokenMinter, type Subject, type TokenMinter } from "./mint.ts";
export {
  accessMiddleware,
  delegatedHeaders,
  identityOf,
  operatorsOnly,
  requireOperator,
  requireUser,
} from "./principal.ts";
export {
  clientAddress,
  createRateLimiter,
  type RateLimiter,
  type RateLimitOptions,
  rateLimit,
} from "./rate-limit.ts";
export { audienceOf, createTokenVerifier, type TokenVerifier, type VerifierOptions } from "./verify.ts";
