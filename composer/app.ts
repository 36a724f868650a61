/**
 * The composer process: page routes (templates composed from the teams' fragments and
 * streamed), the API gateway, the teams' federated assets and the shell. The Hono app is a thin
 * wrapper around {@link compose}.
 */
import type { SpanExporter } from "@opentelemetry/sdk-trace";
import { loadConfig } from "@tessera/chassis/config";
import { createHttpClient } from "@tessera/chassis/http";
import { createLogger } from "@tessera/chassis/log";
import { createMetrics } from "@tessera/chassis/metrics";
import { createServiceApp } from "@tessera/chassis/service";
import { createTracing, currentTraceIds } from "@tessera/chassis/trace";
import type { DestinationStream } from "pino";
import { compose, PageFailure } from "./compose.ts";
import { type ComposerConfig, composerConfig, serviceUrls } from "./config.ts";
import { federationFor, federationScript } from "./fragments/federation.ts";
import { createManifestStore } from "./fragments/manifests.ts";
import { createResolver } from "./fragments/resolver.ts";
import packageJson from "./package.json" with { type: "json" };
import { errorPage } from "./pages/error-page.ts";
import { loadPages } from "./pages/index.ts";
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
}

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
  const services = serviceUrls(config);
  const manifests = createManifestStore({ services, http, log, refreshMs: config.MANIFEST_REFRESH_MS });
  const resolve = createResolver({
    services,
    manifests,
    http,
    log,
    metrics,
    defaultTimeoutMs: config.FRAGMENT_TIMEOUT_MS,
  });
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
      checks: Object.entries(services).map(([name, base]) => ({
        name,
        check: async () => {
          const response = await http.fetch(`${base}/health/live`, { timeoutMs: 1000 });
          if (!response.ok) throw new Error(`${name} answered ${response.status}`);
        },
      })),
      isDraining: () => draining,
    },
  });

  /** Composes a template for a request: the framework-free page renderer the routes call. */
  async function renderTemplate(template: Template, request: Request, params: Record<string, string> = {}) {
    const traceId = currentTraceIds()?.trace_id ?? "";
    const url = new URL(request.url);
    try {
      return await compose(template, {
        resolve: (slot) => resolve(slot, { request, url, params }),
        vars: {
          trace_id: traceId,
          federation: federationScript(await federationFor(template, manifests)),
          shell,
        },
        headers: { "cache-control": "no-store" },
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
  app.route("/", gatewayRoutes({ services, http, timeoutMs: config.FRAGMENT_TIMEOUT_MS }));
  app.route("/", shellRoutes(options.shellDist));

  return {
    app,
    config,
    log,
    renderTemplate,
    drain: () => {
      draining = true;
    },
    async close() {
      draining = true;
      manifests.stop();
      await tracing.shutdown().catch(() => {});
      log.flush?.();
    },
  };
}
