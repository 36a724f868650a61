/**
 * The composer's security in one place, for app.ts to wire: the signing keys and the upstream
 * that turns the shopper into per-service internal tokens (and their JWKS route), the options
 * for the chassis app (TLS, body limit, the `/ops/*` guard), the gateway's CSRF checks and rate
 * limiter, and the page wrapper that gives every page its CSRF cookie and form fields.
 */
import { createRateLimiter, createSigningKeys, createTokenMinter } from "@tessera/chassis/access";
import { loadConfig } from "@tessera/chassis/config";
import type { Hono, MiddlewareHandler } from "hono";
import type { Logger } from "pino";
import type { Upstream } from "../discovery/upstream.ts";
import { type CsrfMarkup, markedResponses } from "../stream/forms.ts";
import { type Csrf, createCsrf } from "./csrf.ts";
import { internalJwksRoutes, withInternalIdentity } from "./internal-identity.ts";
import { composerOpsGuard } from "./ops-guard.ts";
import { type ComposerSecurityConfig, composerSecurityConfig, parseDelegations } from "./security-config.ts";
import type { ShopperContext } from "./shopper.ts";

export interface ComposerSecurity {
  config: ComposerSecurityConfig;
  /** The upstream, with the shopper swapped for an internal token per service on every call. */
  wrap(upstream: Upstream): Upstream;
  /** The chassis app's security options (`createServiceApp({ security })`). */
  appOptions(shopper: ShopperContext): {
    behindTls: boolean;
    bodyLimitBytes: number;
    opsGuard: MiddlewareHandler;
  };
  /** What the gateway and form routes check with. */
  gateway: { csrf: Csrf; limiter: ReturnType<typeof createRateLimiter>; behindTls: boolean };
  /** `GET /.well-known/internal-jwks.json`. */
  routes: Hono;
  /**
   * Renders a page with the browser's CSRF cookie made sure of and the token in every POST form:
   * `render` gets the markup to stream and the cookies to set (compose writes both); a response
   * without them (an error page) gets them by `csrf.inject` and an appended `set-cookie`.
   */
  page(
    request: Request,
    render: (csrf: CsrfMarkup, cookies: string[]) => Promise<Response>,
  ): Promise<Response>;
}

export async function createComposerSecurity(
  env: Record<string, string | undefined>,
  log: Logger,
): Promise<ComposerSecurity> {
  const config = loadConfig(composerSecurityConfig, env);
  const keys = await createSigningKeys(config.ACCESS_SIGNING_KEYS);
  if (!config.ACCESS_SIGNING_KEYS)
    log.warn(
      "ACCESS_SIGNING_KEYS is not set: internal identity tokens are signed with a key generated now; services must fetch it from /.well-known/internal-jwks.json",
    );
  const identity = {
    mint: createTokenMinter(keys),
    delegations: parseDelegations(config.ACCESS_DELEGATIONS),
  };
  const csrf = createCsrf({
    secret: config.ACCESS_SIGNING_KEYS ?? crypto.getRandomValues(new Uint8Array(32)),
    secure: config.BEHIND_TLS,
  });
  const limiter = createRateLimiter({
    perMinute: config.GATEWAY_RATE_PER_MINUTE,
    burst: config.GATEWAY_BURST,
  });
  return {
    config,
    wrap: (upstream) => withInternalIdentity(upstream, identity),
    appOptions: (shopper) => ({
      behindTls: config.BEHIND_TLS,
      bodyLimitBytes: config.BODY_LIMIT_BYTES,
      opsGuard: composerOpsGuard(shopper),
    }),
    gateway: { csrf, limiter, behindTls: config.BEHIND_TLS },
    routes: internalJwksRoutes(keys),
    async page(request, render) {
      const { token, setCookie } = csrf.forPage(request);
      const cookies = setCookie ? [setCookie] : [];
      const rendered = await render(csrf.markup(token), cookies);
      // a composed page streamed the markup and carries the cookie already
      if (markedResponses.has(rendered)) return rendered;
      const response = csrf.inject(rendered, token);
      if (setCookie) response.headers.append("set-cookie", setCookie);
      return response;
    },
  };
}
