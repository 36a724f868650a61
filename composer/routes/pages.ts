/**
 * The page routes, served in front of the Hono app. A page is the composer's hot path, so it takes
 * only the steps a page needs — match the route, start the request's trace and clock, compose,
 * set the security headers and `traceresponse`, count and log — and no middleware chain. They are
 * the chassis' own steps (`requestTelemetry`, `applySecurityHeaders`, `problemForError`), so a
 * page looks the same from outside as any other route: same span, metrics, log line, headers and
 * problem for a failure. Routes under `/ops` stay in the app, behind its operator guard.
 *
 * @example
 * const pages = pageRoutes({ pages: { "/product/:id": template }, render, telemetry, behindTls, log });
 * const answer = pages.serve(request) ?? app.fetch(request);
 */
import { isSecured, secureResponse, securityHeaderValues } from "@tessera/chassis/access";
import { type ErrorReporter, problemForError, type RequestTelemetry } from "@tessera/chassis/service";
import { context } from "@tessera/chassis/trace";
import { TrieRouter } from "hono/router/trie-router";
import { getPath, tryDecodeURIComponent } from "hono/utils/url";
import type { Logger } from "pino";
import type { Template } from "../template/parse.ts";

export interface PageRoutesOptions {
  /** Route pattern (Hono syntax: `/product/:id`) → template. */
  pages: Record<string, Template>;
  /**
   * Composes a page (its CSRF cookie and fields included) with the route's security headers (one
   * object for every page, never changed) and its `traceresponse`, marked secured.
   */
  render: (
    template: Template,
    request: Request,
    params: Record<string, string>,
    secured: { headers: Headers; traceresponse: string },
  ) => Promise<Response>;
  telemetry: RequestTelemetry;
  behindTls: boolean;
  log: Logger;
  reportError?: ErrorReporter;
}

export interface PageRoutes {
  /** The page's response for a GET or HEAD of a page route; undefined for anything else. */
  serve(request: Request): Promise<Response> | undefined;
  /** The routes served here (the rest of the templates' routes go to the app). */
  routes: string[];
}

/** True for a route the app must serve (behind the operator guard). */
export const isOpsRoute = (route: string) => route === "/ops" || route.startsWith("/ops/");

type Match = { route: string; template: Template };

export function pageRoutes(options: PageRoutesOptions): PageRoutes {
  const router = new TrieRouter<Match>();
  const routes = Object.keys(options.pages).filter((route) => !isOpsRoute(route));
  for (const route of routes) router.add("GET", route, { route, template: options.pages[route] as Template });
  /**
   * Routes found by their path alone: each route the trie itself answers its own pattern with,
   * without parameters (so not `/product/:id`, and not a route a parametric one added before it
   * matches).
   */
  const exact = new Map<string, Match>();
  for (const route of routes) {
    const first = router.match("GET", route)[0][0] as unknown as [Match, Record<string, string>] | undefined;
    if (first?.[0].route === route && Object.keys(first[1]).length === 0) exact.set(route, first[0]);
  }
  const NO_PARAMS: Record<string, string> = Object.freeze({}) as Record<string, string>;
  const security = { behindTls: options.behindTls };
  const securityHeaders = new Headers(securityHeaderValues(security));

  async function serve(
    request: Request,
    method: string,
    path: string,
    { route, template }: Match,
    raw: Record<string, string>,
  ): Promise<Response> {
    const record = options.telemetry.begin(request, method, path);
    return context.with(record.context, async () => {
      let response: Response;
      try {
        const params: Record<string, string> = {};
        for (const name in raw) params[name] = tryDecodeURIComponent(raw[name] as string);
        response = await options.render(template, request, params, {
          headers: securityHeaders,
          traceresponse: record.traceresponse,
        });
      } catch (error) {
        response = problemForError(error as Error, { method, path, route }, options.log, options.reportError);
      }
      // a composed page was built with them (and its traceresponse); an error page or a redirect gets them now
      if (!isSecured(response)) {
        response = secureResponse(response, security);
        if (!response.headers.has("traceresponse"))
          response.headers.set("traceresponse", record.traceresponse);
      }
      options.telemetry.end(record, route, response.status);
      // as Hono answers HEAD for a GET route: the GET's status and headers, no body
      return method === "HEAD" ? new Response(null, response) : response;
    });
  }

  return {
    routes,
    serve(request) {
      const method = request.method;
      if (method !== "GET" && method !== "HEAD") return undefined;
      const path = getPath(request);
      const known = exact.get(path);
      if (known) return serve(request, method, path, known, NO_PARAMS);
      const [found] = router.match("GET", path);
      const first = found[0];
      if (!first) return undefined;
      const [match, params] = first as unknown as [Match, Record<string, string>];
      return serve(request, method, path, match, params);
    },
  };
}
