/**
 * The composer process: page routes (templates composed from the teams' fragments and
 * streamed), the API gateway, form posts, the teams' federated assets and the shell. Services are
 * found through the registry (client-side discovery); the Hono app is a thin wrapper around
 * {@link compose}.
 */
import type { SpanExporter } from "@opentelemetry/sdk-trace";
import { loadConfig } from "@tessera/chassis/config";
import { createHttpClient } from "@tessera/chassis/http";
import { createLogger } from "@tessera/chassis/log";
import { createMetrics } from "@tessera/chassis/metrics";
import { openRegistry, parseAllowedHosts, type Registry } from "@tessera/chassis/registry";
import { createServiceApp } from "@tessera/chassis/service";
import { createTracing, currentTraceIds } from "@tessera/chassis/trace";
import type { DestinationStream } from "pino";
import { compose, PageFailure } from "./compose.ts";
import { type ComposerConfig, composerConfig } from "./config.ts";
import { FRAGMENT_HEADERS, pickHeaders } from "./context/headers.ts";
import { createShopperContext } from "./context/shopper.ts";
import { createBreakers } from "./discovery/breakers.ts";
import { createDiscovery } from "./discovery/discovery.ts";
import { createRetryBudget } from "./discovery/retry-budget.ts";
import { createUpstream } from "./discovery/upstream.ts";
import { createFragmentCache } from "./fragments/cache.ts";
import { federationFor, federationScript, isEmpty } from "./fragments/federation.ts";
import { createManifestStore } from "./fragments/manifests.ts";
import { createResolver } from "./fragments/resolver.ts";
import packageJson from "./package.json" with { type: "json" };
import { errorPage } from "./pages/error-page.ts";
import { loadPages } from "./pages/index.ts";
import { formRoutes } from "./routes/forms.ts";
import { gatewayRoutes } from "./routes/gateway.ts";
import { shellRoutes, shellScriptTag } from "./routes/shell.ts";
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
}

/** Builds the composer: discovery, resilience, cache, routes. */
export async function createComposer(options: ComposerOptions = {}) {
  const config: ComposerConfig = loadConfig(composerConfig, options.env ?? process.env);
  const version = config.SERVICE_VERSION ?? packageJson.version;
  const log = createLogger({
    service: "composer",
    version,
    level: config.LOG_LEVEL,
    destination: options.logDestination,
  });
  const tracing = createTracing({
    service: "composer",
    version,
    otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
    exporters: options.spanExporters,
  });
  const metrics = createMetrics({ service: "composer", version });
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
  const upstream = createUpstream({
    discovery,
    http,
    breakers: createBreakers({
      failures: config.BREAKER_FAILURES,
      halfOpenAfterMs: config.BREAKER_HALF_OPEN_MS,
      log,
    }),
    budget: createRetryBudget({ ratio: config.RETRY_BUDGET_RATIO, reserve: 10 }),
  });
  const manifests = createManifestStore({ upstream, log, refreshMs: config.MANIFEST_REFRESH_MS });
  const resolve = createResolver({
    upstream,
    manifests,
    cache: createFragmentCache({ maxEntries: config.FRAGMENT_CACHE_ENTRIES }),
    log,
    metrics,
    defaultTimeoutMs: config.FRAGMENT_TIMEOUT_MS,
  });
  const shopper = createShopperContext({ identityUrl: () => upstream.pick("identity")?.url, log });
  const pages = options.templates
    ? Object.fromEntries(
        Object.entries(options.templates).map(([route, html]) => [route, parseTemplate(route, html)]),
      )
    : await loadPages();
  const shell = await shellScriptTag(options.shellDist);
  if (!shell)
    log.warn("the shell is not built (bun shell/build.ts): pages are served without client-side hydration");
  let draining = false;

  const app = createServiceApp({
    log,
    tracer: tracing.tracer,
    metrics,
    health: {
      checks: [{ name: "registry", check: async () => void (await registry.entries()) }],
      isDraining: () => draining,
    },
  });

  /** Composes a template for a request: the framework-free page renderer the routes call. */
  async function renderTemplate(template: Template, request: Request, params: Record<string, string> = {}) {
    const traceId = currentTraceIds()?.trace_id ?? "";
    const url = new URL(request.url);
    const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
    const context = pickHeaders(request.headers, FRAGMENT_HEADERS);
    for (const [name, value] of Object.entries(await shopper(request))) context.set(name, value);
    const page = { request, url, params, context, timeoutMs: template.timeoutMs };
    try {
      const head = await federationFor(template.slots, manifests);
      return await compose(template, {
        resolve: (slot) => resolve(slot, page),
        vars: {
          trace_id: traceId,
          federation: federationScript(head, nonce, "tessera-federation"),
          shell,
          nonce,
        },
        nonce,
        maxDepth: config.FRAGMENT_MAX_DEPTH,
        headers: { "cache-control": "no-store" },
        onNestingError: (message, slot) =>
          log.error({ page: template.name, service: slot?.service, fragment: slot?.name }, message),
        end: async (nested) => {
          const late = await federationFor(nested, manifests, head);
          return isEmpty(late) ? "" : federationScript(late, nonce);
        },
      });
    } catch (error) {
      if (!(error instanceof PageFailure)) throw error;
      const { slot, status, location } = error;
      log.warn({ page: template.name, service: slot.service, fragment: slot.name, status }, error.message);
      if (location && status >= 300 && status < 400)
        return new Response(null, { status, headers: { location } });
      if (status === 404)
        return errorPage(404, "Not found", "We could not find what you were looking for.", traceId);
      return errorPage(
        503,
        "This page is not available",
        "Part of this page could not be loaded. Please try again in a moment.",
        traceId,
      );
    }
  }

  for (const [route, template] of Object.entries(pages))
    app.get(route, (c) => renderTemplate(template, c.req.raw, c.req.param()));
  const gateway = { upstream, shopper, timeoutMs: config.FRAGMENT_TIMEOUT_MS };
  app.route("/", gatewayRoutes(gateway));
  app.route("/", formRoutes({ ...gateway, timeoutMs: config.FORM_TIMEOUT_MS }));
  app.route("/", shellRoutes(options.shellDist));

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
    async close() {
      draining = true;
      manifests.stop();
      discovery.stop();
      if (ownsRegistry) await registry.close();
      await tracing.shutdown().catch(() => {});
      log.flush?.();
    },
  };
}
