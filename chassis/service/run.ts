/** Building a service from its definition, and running it on a port with graceful shutdown. */

import type { SpanExporter } from "@opentelemetry/sdk-trace";
import type { Hono } from "hono";
import type { DestinationStream, Logger } from "pino";
import type { z } from "zod";
import { accessConfig } from "../access/config.ts";
import { createTokenVerifier } from "../access/verify.ts";
import type { Bus } from "../bus/index.ts";
import { loadConfig, type ServiceConfig, type serviceConfig } from "../config/index.ts";
import type { Database } from "../db/index.ts";
import type { HealthCheck } from "../health/index.ts";
import { createHttpClient, FRAGMENT_BATCH_PATH, type HttpClient, serveFragmentBatch } from "../http/index.ts";
import { onShutdownSignal, serve } from "../lifecycle/index.ts";
import { createLogger } from "../log/index.ts";
import { createMetrics, type Metrics } from "../metrics/index.ts";
import { connectOps } from "../ops-client/connect.ts";
import { openRegistry, type Registry, register, registryEnv } from "../registry/index.ts";
import { context, createTracing, type Tracer, withTracer } from "../trace/index.ts";
import { createServiceApp } from "./app.ts";

/** What a service's setup receives: its validated config and the chassis parts. */
export interface ServiceContext<C extends ServiceConfig = ServiceConfig> {
  name: string;
  version: string;
  config: C;
  log: Logger;
  tracer: Tracer;
  metrics: Metrics;
  database: Database;
  bus: Bus;
  http: HttpClient;
  /** Runs `fn` with this service's tracer active (for work outside a request: relays, consumers). */
  inService<T>(fn: () => Promise<T>): Promise<T>;
  /** The registry shared in this process (embedded mode), when one was passed in. */
  registry?: Registry;
}

/** What a service's setup returns. */
export interface ServiceParts {
  /** The service's routes, mounted at `/` under the chassis middleware. */
  routes: Hono;
  /** Starts background work (relays, consumers) once the database and bus are ready. */
  start?: () => Promise<void>;
  /** Stops background work; called before the bus and database close. */
  stop?: () => Promise<void>;
  /** Publishes what its outbox holds now; resolves how many (the embedded start waits for quiet). */
  flush?: () => Promise<number>;
  /** Further readiness checks beside the database and the bus. */
  checks?: HealthCheck[];
}

export interface ServiceDefinition<S extends typeof serviceConfig = typeof serviceConfig> {
  name: string;
  version: string;
  config: S;
  migrationsFolder: string;
  setup: (ctx: ServiceContext<z.infer<S>>) => ServiceParts | Promise<ServiceParts>;
  /**
   * True for the ops service itself: the place logs, spans and exceptions go never ships its
   * own to OPS_URL (each ingestion request would log and trace itself in a loop).
   */
  telemetrySink?: boolean;
  /** Paths logged at debug level only (ingestion endpoints called every second), besides health and metrics. */
  quietPaths?: string[];
}

/** Declares a service (an identity function that keeps the config type). */
export function defineService<S extends typeof serviceConfig>(definition: ServiceDefinition<S>) {
  return definition;
}

export interface BuildOptions {
  env?: Record<string, string | undefined>;
  /** A bus shared with other services in this process (embedded mode); otherwise from config. */
  bus?: Bus;
  /** Where log lines go (stdout by default). */
  logDestination?: DestinationStream;
  /** Extra span exporters (tests). */
  spanExporters?: SpanExporter[];
  /** Keep the database in memory (tests). */
  inMemory?: boolean;
  /** The registry shared in this process (embedded mode); handed to setup as `ctx.registry`. */
  registry?: Registry;
}

export interface BuiltService<C extends ServiceConfig = ServiceConfig> {
  /** The full app: chassis middleware, health, metrics and the service's routes. */
  app: Hono;
  ctx: ServiceContext<C>;
  /** Starts the background work. */
  start(): Promise<void>;
  /** Marks the service as draining (readiness fails). */
  drain(): void;
  /** Publishes what the service's outbox holds now; resolves how many (0 without an outbox). */
  flush(): Promise<number>;
  /** Stops background work, then the bus (if owned), tracing and the database. */
  close(): Promise<void>;
}

/** Builds a service without binding a port: what tests call `app.request()` on. */
export async function buildService<S extends typeof serviceConfig>(
  definition: ServiceDefinition<S>,
  options: BuildOptions = {},
): Promise<BuiltService<z.infer<S>>> {
  const config = loadConfig(definition.config, options.env ?? process.env) as z.infer<S>;
  const access = loadConfig(accessConfig, options.env ?? process.env);
  const version = config.SERVICE_VERSION ?? definition.version;
  const opsUrl = definition.telemetrySink ? undefined : config.OPS_URL;
  const ops = connectOps({ url: opsUrl, service: definition.name, version });
  const log = createLogger({
    service: definition.name,
    version,
    level: config.LOG_LEVEL,
    destination: options.logDestination,
    ship: ops?.shipper,
  });
  const tracing = createTracing({
    service: definition.name,
    version,
    // a collector when one is named (it forwards to ops), otherwise straight to ops
    otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT ?? opsUrl,
    exporters: options.spanExporters,
  });
  const metrics = createMetrics({ service: definition.name, version });
  ops?.instrument(metrics);
  const inService = <T>(fn: () => Promise<T>) => context.with(withTracer(tracing.tracer), fn);
  // loaded here, not with the module: what imports the chassis' service parts without building a
  // service (the composer) does not load drizzle, the PostgreSQL drivers and the NATS client
  const [{ openDatabase }, { connectNatsBus, createInProcessBus, forService }] = await Promise.all([
    import("../db/index.ts"),
    import("../bus/index.ts"),
  ]);
  const database = await inService(() =>
    openDatabase({
      service: definition.name,
      migrationsFolder: definition.migrationsFolder,
      databaseUrl: options.inMemory ? undefined : config.DATABASE_URL,
      dataDir: options.inMemory ? undefined : config.DATA_DIR,
      onConnectionError: (error) => log.warn({ err: error }, "database connection broke; it is discarded"),
    }),
  );
  const ownsBus = !options.bus;
  let root: Bus;
  let bus: Bus;
  try {
    root =
      options.bus ??
      (config.NATS_URL
        ? await connectNatsBus({
            url: config.NATS_URL,
            stream: config.NATS_STREAM,
            prefix: config.BUS_SUBJECT_PREFIX,
            name: definition.name,
          })
        : createInProcessBus());
    // in-process: this service's stream, positions and dead letters live in its own database
    bus = await forService(root, { service: definition.name, db: database.db });
  } catch (error) {
    await database.close();
    throw error;
  }
  const ctx: ServiceContext<z.infer<S>> = {
    name: definition.name,
    version,
    config,
    log,
    tracer: tracing.tracer,
    metrics,
    database,
    bus,
    http: createHttpClient(),
    inService,
    registry: options.registry,
  };
  const parts = await definition.setup(ctx);
  let draining = false;
  const app = createServiceApp({
    log,
    tracer: tracing.tracer,
    metrics,
    health: {
      checks: [
        { name: "database", check: () => database.ping() },
        { name: "bus", check: () => bus.ping() },
        ...(parts.checks ?? []),
      ],
      isDraining: () => draining,
    },
    reportError: ops ? (error, route) => ops.client.reportError(error, { route }) : undefined,
    quietPaths: definition.quietPaths,
    security: {
      behindTls: access.BEHIND_TLS,
      bodyLimitBytes: access.BODY_LIMIT_BYTES,
      verify: createTokenVerifier({
        audience: definition.name,
        keys: access.ACCESS_JWKS ?? (access.ACCESS_JWKS_URL ? new URL(access.ACCESS_JWKS_URL) : undefined),
      }),
    },
  });
  // a fragment server answers batches of its fragments, each part through the app as if alone
  if (parts.routes.routes.some((route) => route.path === "/fragments/manifest.json"))
    app.get(FRAGMENT_BATCH_PATH, (c) =>
      serveFragmentBatch(c.req.raw, { dispatch: (part) => app.fetch(part) }),
    );
  app.route("/", parts.routes);
  return {
    app,
    ctx,
    start: () => inService(async () => parts.start?.()),
    flush: () => inService(async () => (await parts.flush?.()) ?? 0),
    drain: () => {
      draining = true;
    },
    async close() {
      draining = true;
      await parts.stop?.();
      if (bus !== root) await bus.close();
      if (ownsBus) await root.close();
      await tracing.shutdown().catch(() => {});
      await database.close();
      log.flush?.();
      await ops?.close();
    },
  };
}

export interface RunningService {
  name: string;
  url: string;
  port: number;
  built: BuiltService;
  /** Graceful stop: readiness fails, in-flight requests finish, then everything closes. */
  stop(): Promise<void>;
}

export interface RunOptions extends BuildOptions {
  /** Install SIGTERM/SIGINT handlers (true for a service's own process). */
  handleSignals?: boolean;
  /**
   * The registry this instance registers in once it listens (embedded mode: one shared instance).
   * Without it, the NATS KV registry when NATS_URL is set; otherwise the instance is not registered.
   */
  registry?: Registry;
}

/** The URL other processes reach an instance at: its listen URL, or `http://<service>:<port>` on 0.0.0.0. */
function advertisedUrl(
  name: string,
  host: string,
  port: number,
  listenUrl: string,
  advertise?: string,
): string {
  if (advertise) return new URL(advertise).origin;
  if (host === "0.0.0.0" || host === "::") return `http://${name}:${port}`;
  return new URL(listenUrl).origin;
}

/** Builds the service, starts its background work and listens on `HOST:PORT`. */
export async function runService<S extends typeof serviceConfig>(
  definition: ServiceDefinition<S>,
  options: RunOptions = {},
): Promise<RunningService> {
  const built = await buildService(definition, options);
  await built.start();
  const config = built.ctx.config as ServiceConfig & { PORT: number };
  const server = serve({ fetch: built.app.fetch, port: config.PORT, hostname: config.HOST });
  built.ctx.log.info(
    { url: server.url, database: built.ctx.database.kind, bus: built.ctx.bus.kind },
    "listening",
  );
  const env = registryEnv.parse(options.env ?? process.env);
  const ownsRegistry = !options.registry && Boolean(config.NATS_URL);
  const registry =
    options.registry ??
    (config.NATS_URL
      ? await openRegistry({
          natsUrl: config.NATS_URL,
          bucket: env.REGISTRY_BUCKET,
          leaseMs: env.REGISTRY_LEASE_MS,
          name: `${definition.name}-registry`,
        }).catch(async (error) => {
          await server.stop();
          await built.close();
          throw error;
        })
      : undefined);
  const registration = registry
    ? await register(
        registry,
        {
          id: `${definition.name}-${crypto.randomUUID()}`,
          name: definition.name,
          version: built.ctx.version,
          url: advertisedUrl(
            definition.name,
            config.HOST,
            server.port,
            String(server.url),
            env.REGISTRY_ADVERTISE_URL,
          ),
          health: "up",
          manifest: "/fragments/manifest.json",
          renewedAt: Date.now(),
        },
        { log: built.ctx.log },
      )
    : undefined;
  if (registration)
    built.ctx.log.info(
      { instance: registration.instance.id, url: registration.instance.url, registry: registry?.kind },
      "registered",
    );
  const stop = async () => {
    await registration?.stop();
    if (ownsRegistry) await registry?.close();
    built.drain();
    await server.stop();
    await built.close();
  };
  if (options.handleSignals) onShutdownSignal(stop, built.ctx.log, config.SHUTDOWN_TIMEOUT_MS);
  return { name: definition.name, url: server.url, port: server.port, built: built as BuiltService, stop };
}
