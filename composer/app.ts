/**
 * The composer process: page routes (templates composed from the teams' fragments and
 * streamed), the API gateway, form posts, the teams' federated assets and the shell. Services are
 * found through the registry (client-side discovery); the Hono app is a thin wrapper around
 * {@link compose}.
 */
import type { SpanExporter } from "@opentelemetry/sdk-trace";
import { markSecured } from "@tessera/chassis/access";
import { loadConfig } from "@tessera/chassis/config";
import { createHttpClient } from "@tessera/chassis/http";
import { createLogger } from "@tessera/chassis/log";
import { createMetrics } from "@tessera/chassis/metrics";
import { connectOps } from "@tessera/chassis/ops-client";
import { openRegistry, parseAllowedHosts, type Registry } from "@tessera/chassis/registry";
import { openReleaseStore, type ReleaseStore, releaseEnv } from "@tessera/chassis/releases";
import { createServiceApp, type ErrorReporter, requestTelemetry } from "@tessera/chassis/service";
import { context, createTracing, currentTraceIds } from "@tessera/chassis/trace";
import type { DestinationStream } from "pino";
import { compose, PageFailure } from "./compose.ts";
import { type ComposerConfig, composerConfig } from "./config.ts";
import { cohortOf } from "./context/cohort.ts";
import { FRAGMENT_HEADERS, pickHeaders } from "./context/headers.ts";
import { createComposerSecurity } from "./context/security.ts";
import { createShopperContext } from "./context/shopper.ts";
import { createBreakers } from "./discovery/breakers.ts";
import { createDiscovery } from "./discovery/discovery.ts";
import { createRetryBudget } from "./discovery/retry-budget.ts";
import { createUpstream } from "./discovery/upstream.ts";
import { createFragmentCache } from "./fragments/cache.ts";
import {
  createHeadFederation,
  createLateFederation,
  federationScript,
  shellPreload,
} from "./fragments/federation.ts";
import { createManifestStore } from "./fragments/manifests.ts";
import { createResolver } from "./fragments/resolver.ts";
import { startOpsReport } from "./ops-report.ts";
import packageJson from "./package.json" with { type: "json" };
import { errorPage } from "./pages/error-page.ts";
import { loadPages } from "./pages/index.ts";
import { createReleaseIntegrity } from "./releases/integrity.ts";
import { releaseRoutes } from "./releases/routes.ts";
import { createReleaseView } from "./releases/view.ts";
import { type ClientErrorSink, clientErrorRoutes } from "./routes/client-errors.ts";
import { formRoutes } from "./routes/forms.ts";
import { gatewayRoutes } from "./routes/gateway.ts";
import { opsRoutes } from "./routes/ops.ts";
import { isOpsRoute, pageRoutes } from "./routes/pages.ts";
import { shellRoutes, shellScriptTag } from "./routes/shell.ts";
import type { CsrfMarkup } from "./stream/forms.ts";
import { parseTemplate, type Template } from "./template/parse.ts";

export interface ComposerOptions {
  env?: Record<string, string | undefined>;
  logDestination?: DestinationStream;
  spanExporters?: SpanExporter[];
  /** Where the built shell is (tests point elsewhere). */
  shellDist?: string;
  /** Route → template HTML, instead of the storefront's pages (benchmarks, tests). */
  templates?: Record<string, string>;
  /**
   * The registry to discover services in (embedded mode: the one the services registered in).
   * Without it, NATS JetStream KV at NATS_URL; without that, an empty in-memory registry.
   */
  registry?: Registry;
  /**
   * The release store (embedded mode: the one the services watch). Without it, the one the
   * configuration names: NATS JetStream at NATS_URL, else the files in TESSERA_RELEASES_DIR.
   */
  releases?: ReleaseStore;
  /** Where browser error reports go after logging and counting (exception tracking); default: nowhere. */
  clientErrorSink?: ClientErrorSink;
}

/**
 * What the page route adds to a composed page's response: `headers` (the security headers) and
 * `pageHeaders` (its `traceresponse`), the page then marked as secured, and `cookies` to set.
 */
export interface PageResponse {
  /** The route's security headers, one object for all its pages (never changed). */
  headers?: Headers;
  /** This page's own headers (its `traceresponse`). */
  pageHeaders?: Record<string, string>;
  cookies?: string[];
}

/** Builds the composer: discovery, resilience, cache, routes. */
export async function createComposer(options: ComposerOptions = {}) {
  const config: ComposerConfig = loadConfig(composerConfig, options.env ?? process.env);
  const version = config.SERVICE_VERSION ?? packageJson.version;
  // OPS_URL: log lines, 5xx errors, browser error reports and (without a collector) spans go to ops
  const ops = connectOps({ url: config.OPS_URL, service: "composer", version });
  const log = createLogger({
    service: "composer",
    version,
    level: config.LOG_LEVEL,
    destination: options.logDestination,
    ship: ops?.shipper,
  });
  const tracing = createTracing({
    service: "composer",
    version,
    otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT ?? config.OPS_URL,
    exporters: options.spanExporters,
  });
  const metrics = createMetrics({ service: "composer", version });
  const security = await createComposerSecurity(options.env ?? process.env, log);
  ops?.instrument(metrics);
  const http = createHttpClient();
  const ownsRegistry = !options.registry;
  const registry =
    options.registry ??
    (await openRegistry({
      natsUrl: config.NATS_URL,
      bucket: config.REGISTRY_BUCKET,
      leaseMs: config.REGISTRY_LEASE_MS,
      name: "composer-registry",
    }));
  const discovery = await createDiscovery({
    registry,
    allowedHosts: parseAllowedHosts(config.REGISTRY_ALLOWED_HOSTS),
    log,
    metrics,
    refreshMs: config.DISCOVERY_REFRESH_MS,
  });
  const breakers = createBreakers({
    failures: config.BREAKER_FAILURES,
    halfOpenAfterMs: config.BREAKER_HALF_OPEN_MS,
    log,
  });
  const upstream = security.wrap(
    createUpstream({
      discovery,
      http,
      breakers,
      budget: createRetryBudget({ ratio: config.RETRY_BUDGET_RATIO, reserve: 10 }),
    }),
  );
  const manifests = createManifestStore({ upstream, log, refreshMs: config.MANIFEST_REFRESH_MS });
  const resolve = createResolver({
    upstream,
    manifests,
    cache: createFragmentCache({ maxEntries: config.FRAGMENT_CACHE_ENTRIES }),
    log,
    metrics,
    defaultTimeoutMs: config.FRAGMENT_TIMEOUT_MS,
    batches: config.FRAGMENT_BATCHES,
  });
  const ownsReleases = !options.releases;
  const releases = await createReleaseView({
    store:
      options.releases ??
      (await openReleaseStore(
        releaseEnv({ ...(options.env ?? process.env), NATS_URL: config.NATS_URL }),
        "composer-releases",
      )),
    log,
  });
  const releaseIntegrity = createReleaseIntegrity({ upstream, log });
  const shopper = createShopperContext({ identityUrl: () => upstream.pick("identity")?.url, log });
  const pages = options.templates
    ? Object.fromEntries(
        Object.entries(options.templates).map(([route, html]) => [route, parseTemplate(route, html)]),
      )
    : await loadPages();
  const shell = await shellScriptTag(options.shellDist);
  if (!shell)
    log.warn("the shell is not built (bun shell/build.ts): pages are served without client-side hydration");
  const preloadShell = shellPreload(shell);
  const headFederation = createHeadFederation(manifests, releaseIntegrity);
  const lateFederation = createLateFederation(manifests, releaseIntegrity);
  let draining = false;

  const reportError: ErrorReporter | undefined = ops
    ? (error, route) => ops.client.reportError(error, { route })
    : undefined;
  const app = createServiceApp({
    security: security.appOptions(shopper),
    log,
    tracer: tracing.tracer,
    metrics,
    health: {
      checks: [{ name: "registry", check: async () => void (await registry.entries()) }],
      isDraining: () => draining,
    },
    reportError,
  });

  /** Composes a template for a request: the framework-free page renderer the routes call. */
  async function renderTemplate(
    template: Template,
    request: Request,
    params: Record<string, string> = {},
    csrf?: CsrfMarkup,
    response: PageResponse = {},
  ) {
    const traceId = currentTraceIds()?.trace_id ?? "";
    const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
    const forwarded = pickHeaders(request.headers, FRAGMENT_HEADERS);
    for (const [name, value] of Object.entries(await shopper(request))) forwarded.set(name, value);
    // one snapshot of the release state for the whole page: every fragment and its client code match
    const cohort = releases.hasCanary() ? cohortOf(request) : undefined;
    const versions = releases.versions(cohort?.cohort ?? "");
    let url: URL | undefined;
    const page = {
      request,
      // parsed only for a slot whose parameters name the page's query
      get url() {
        url ??= new URL(request.url);
        return url;
      },
      params,
      context: forwarded,
      timeoutMs: template.timeoutMs,
      versions,
      trace: context.active(),
    };
    try {
      const head = await headFederation(template.slots, versions);
      const composed = await compose(template, {
        resolve: (slot) => resolve(slot, page),
        vars: {
          trace_id: traceId,
          // preloads first: the shell and the page's own remotes (manifest, entry) fetch with the HTML;
          // nested fragments' remotes may be lazy (below the fold): the shell preloads those entries itself
          federation: `${preloadShell}${head.preloads}${federationScript(head.json, nonce, "tessera-federation")}`,
          shell,
          nonce,
        },
        nonce,
        csrf,
        maxDepth: config.FRAGMENT_MAX_DEPTH,
        headers: response.headers,
        pageHeaders: response.pageHeaders,
        cookies: cohort?.setCookie ? [...(response.cookies ?? []), cohort.setCookie] : response.cookies,
        onNestingError: (message, slot) =>
          log.error({ page: template.name, service: slot?.service, fragment: slot?.name }, message),
        end: async (nested) => {
          const late = await lateFederation(nested, head.data, versions, head.versionsKey);
          return late ? federationScript(late, nonce) : "";
        },
      });
      // built with the security headers: the page route leaves its headers as they are
      return response.headers ? markSecured(composed) : composed;
    } catch (error) {
      if (!(error instanceof PageFailure)) throw error;
      const { slot, status, location } = error;
      log.warn({ page: template.name, service: slot.service, fragment: slot.name, status }, error.message);
      if (location && status >= 300 && status < 400)
        return new Response(null, { status, headers: { location } });
      // a fragment refusing the page's input (an unknown or malformed id) means no such page
      if (status >= 400 && status < 500)
        return errorPage(404, "Not found", "We could not find what you were looking for.", traceId);
      return errorPage(
        503,
        "This page is not available",
        "Part of this page could not be loaded. Please try again in a moment.",
        traceId,
      );
    }
  }

  // pages are served in front of the app (routes/pages.ts); the `/ops` pages in it, behind its guard
  const page = (
    template: Template,
    request: Request,
    params: Record<string, string>,
    secured?: { headers: Headers; traceresponse: string },
  ) =>
    security.page(request, (csrf, cookies) =>
      renderTemplate(template, request, params, csrf, {
        headers: secured?.headers,
        pageHeaders: secured && { traceresponse: secured.traceresponse },
        cookies,
      }),
    );
  const pageRouter = pageRoutes({
    pages,
    render: page,
    telemetry: requestTelemetry({ log, tracer: tracing.tracer, metrics }),
    behindTls: security.config.BEHIND_TLS,
    log,
    reportError,
  });
  for (const [route, template] of Object.entries(pages))
    if (isOpsRoute(route)) app.get(route, (c) => page(template, c.req.raw, c.req.param()));
  const appFetch = app.fetch;
  app.fetch = (request, ...rest) => pageRouter.serve(request) ?? appFetch(request, ...rest);
  const gateway = { upstream, shopper, timeoutMs: config.FRAGMENT_TIMEOUT_MS, ...security.gateway };
  app.route("/", security.routes);
  app.route("/", gatewayRoutes(gateway));
  app.route("/", formRoutes({ ...gateway, timeoutMs: config.FORM_TIMEOUT_MS }));
  app.route("/", shellRoutes(options.shellDist));
  app.route("/", releaseRoutes(releases));
  app.route(
    "/",
    clientErrorRoutes({
      log,
      metrics,
      sink: options.clientErrorSink ?? (ops ? { report: (r) => ops.client.reportClientError(r) } : undefined),
    }),
  );
  app.route("/", opsRoutes({ discovery, breakers, gateway }));
  const opsReport = config.OPS_URL
    ? startOpsReport({ opsUrl: config.OPS_URL, version, discovery, breakers })
    : undefined;

  return {
    app,
    config,
    log,
    renderTemplate,
    /** The composer's view of the registry (tests refresh it). */
    discovery,
    drain: () => {
      draining = true;
    },
    /** Tells ops where this composer listens (its breakers and metrics are then on the ops pages). */
    listening(url: string) {
      opsReport?.listening(url, config.HOST);
    },
    async close() {
      draining = true;
      opsReport?.stop();
      manifests.stop();
      releases.stop();
      if (ownsReleases) await releases.store.close();
      discovery.stop();
      if (ownsRegistry) await registry.close();
      await tracing.shutdown().catch(() => {});
      log.flush?.();
      await ops?.close();
    },
  };
}
