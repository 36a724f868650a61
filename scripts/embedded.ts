/**
 * The embedded mode: every service, the composer and the shell in one Bun process. Each service
 * listens on its own localhost port (so the HTTP edges between them stay real) and keeps its own
 * PGlite data directory; messages go through the in-process bus.
 */

import { withAccessKeys } from "@tessera/chassis/access";
import { createInProcessBus, DeadlineExceeded, type InProcessBus, withDeadline } from "@tessera/chassis/bus";
import { serve } from "@tessera/chassis/lifecycle";
import { createMemoryRegistry } from "@tessera/chassis/registry";
import { openReleaseStore, releaseEnv, useReleaseEnvironment } from "@tessera/chassis/releases";
import { type RunningService, runService } from "@tessera/chassis/service";
import { createComposer } from "@tessera/composer/app";
import type { DestinationStream } from "pino";
import { SERVICES } from "./services.ts";

export interface EmbeddedOptions {
  env?: Record<string, string | undefined>;
  /** The storefront's port (3000); 0 picks a free one. */
  port?: number;
  /** The first service's port (3001, then 3002, …); 0 gives every service a free one. */
  servicePortBase?: number;
  dataDir?: string;
  logDestination?: DestinationStream;
  /** Progress lines (stdout by default). */
  say?: (line: string) => void;
}

export interface Embedded {
  url: string;
  services: RunningService[];
  /** Where fragment releases and the release state live (`tessera deploy` writes there). */
  releasesDir: string;
  stop(): Promise<void>;
}

/** The operator's email and password in the embedded mode unless OPERATOR_EMAIL/OPERATOR_PASSWORD say otherwise. */
export const DEFAULT_OPERATOR_EMAIL = "operator@tessera.test";
export const DEFAULT_OPERATOR_PASSWORD = "tessera-operator-embedded";

/** Variables that would make every embedded service share one server: ignored here. */
const DISTRIBUTED_ONLY = ["DATABASE_URL", "NATS_URL", "PORT"];

/** `CATALOG_URL`, `CHECKOUT_URL`, … for the services already running. */
function urlsOf(services: RunningService[]): Record<string, string> {
  return Object.fromEntries(services.map((s) => [`${s.name.toUpperCase()}_URL`, s.url]));
}

/** How long the start waits for the services' events to be delivered before it goes on. */
const DELIVERY_TIMEOUT_MS = 20_000;

/**
 * Waits until the events the services published while starting (catalog's products, seeded) are
 * delivered: each service publishes what its outbox holds, the bus's consumers handle everything,
 * again until a round publishes nothing. The read models built from them (checkout's and
 * explore's products) are then filled before the first shopper's request, so adding a product
 * to the cart in the first second works. Bounded: past the timeout it says so and goes on.
 */
async function deliverEvents(services: RunningService[], bus: InProcessBus, say: (line: string) => void) {
  const started = performance.now();
  say("• delivering the services' events (the read models catch up)…");
  let total = 0;
  const rounds = (async () => {
    for (;;) {
      const published = (await Promise.all(services.map((s) => s.built.flush()))).reduce((a, b) => a + b, 0);
      await bus.settled();
      total += published;
      if (published === 0) return true;
    }
  })();
  const delivered = await withDeadline(rounds, DELIVERY_TIMEOUT_MS, "delivering the events").catch(
    (error) => {
      if (error instanceof DeadlineExceeded) return false;
      throw error;
    },
  );
  const ms = Math.round(performance.now() - started);
  if (delivered) say(`  ✓ every event delivered in ${ms} ms${total > 0 ? ` (${total} published now)` : ""}`);
  else
    say(
      `  ! events still being delivered after ${ms} ms (a consumer retrying a failing message?): starting anyway; the logs name it`,
    );
}

export async function startEmbedded(options: EmbeddedOptions = {}): Promise<Embedded> {
  const say = options.say ?? ((line: string) => process.stdout.write(`${line}\n`));
  const env = { ...(options.env ?? process.env) };
  for (const name of DISTRIBUTED_ONLY) {
    if (env[name] && name !== "PORT")
      say(`  (ignoring ${name}: the embedded mode uses PGlite and the in-process bus)`);
    delete env[name];
  }
  // internal identity tokens: the composer signs, the services verify (one key pair per run unless configured)
  Object.assign(env, await withAccessKeys(env));
  // the operator account identity seeds (documented default; set OPERATOR_PASSWORD to change it)
  env.OPERATOR_PASSWORD ??= DEFAULT_OPERATOR_PASSWORD;
  const dataDir = options.dataDir ?? env.DATA_DIR ?? ".data";
  const base = options.servicePortBase ?? 3001;
  const bus = createInProcessBus();
  // One registry for the whole process: every service registers in it, the composer discovers from it.
  const registry = createMemoryRegistry();
  // Fragment releases: the files in <dataDir>/releases, watched by the composer and the services.
  const releaseSettings = releaseEnv({ ...env, DATA_DIR: dataDir });
  const releases = await openReleaseStore(releaseSettings);
  useReleaseEnvironment({ releasesDir: releaseSettings.releasesDir, store: releases });
  const services: RunningService[] = [];
  try {
    // ops (the telemetry sink) starts first, on its own port in the list, so every other process
    // ships its logs, spans and errors to it (OPS_URL, from urlsOf) from its first line
    const inStartOrder = [...SERVICES.entries()].sort(
      ([, a], [, b]) => Number(Boolean(b.telemetrySink)) - Number(Boolean(a.telemetrySink)),
    );
    for (const [i, definition] of inStartOrder) {
      const started = performance.now();
      say(`• starting ${definition.name} (PGlite in ${dataDir}/${definition.name})…`);
      const running = await runService(definition, {
        // the URLs of the services started before it (identity reads CHECKOUT_URL until it discovers)
        env: {
          ...env,
          ...urlsOf(services),
          PORT: String(base === 0 ? 0 : base + i),
          DATA_DIR: dataDir,
        },
        bus,
        registry,
        logDestination: options.logDestination,
      });
      services.push(running);
      say(`  ✓ ${definition.name} at ${running.url} in ${Math.round(performance.now() - started)} ms`);
    }
    await deliverEvents(services, bus, say);
    say("• starting the composer (discovering the services in the in-memory registry)…");
    const opsUrl = services.find((s) => s.built.ctx.name === "ops")?.url;
    const composer = await createComposer({
      // ops reads every service's audit log on the operator's behalf: the composer delegates for it
      env: opsUrl
        ? {
            ...env,
            OPS_URL: String(opsUrl),
            ACCESS_DELEGATIONS: env.ACCESS_DELEGATIONS ?? "identity:checkout,ops:checkout+identity",
          }
        : env,
      registry,
      releases,
      logDestination: options.logDestination,
    });
    const server = serve({
      fetch: composer.app.fetch,
      port: options.port ?? 3000,
      hostname: composer.config.HOST,
    });
    composer.listening(String(server.url));
    return {
      url: server.url,
      services,
      releasesDir: releaseSettings.releasesDir,
      async stop() {
        composer.drain();
        await server.stop();
        await composer.close();
        for (const s of services.reverse()) await s.stop();
        await bus.close();
        await registry.close();
        useReleaseEnvironment(undefined);
        await releases.close();
      },
    };
  } catch (error) {
    for (const s of services.reverse()) await s.stop().catch(() => {});
    throw error;
  }
}
