/**
 * The embedded mode: every service, the composer and the shell in one Bun process. Each service
 * listens on its own localhost port (so the HTTP edges between them stay real) and keeps its own
 * PGlite data directory; messages go through the in-process bus.
 */

import { createInProcessBus } from "@tessera/chassis/bus";
import { serve } from "@tessera/chassis/lifecycle";
import { createMemoryRegistry } from "@tessera/chassis/registry";
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
  stop(): Promise<void>;
}

/** Variables that would make every embedded service share one server: ignored here. */
const DISTRIBUTED_ONLY = ["DATABASE_URL", "NATS_URL", "PORT"];

/** `CATALOG_URL`, `CHECKOUT_URL`, … for the services already running. */
function urlsOf(services: RunningService[]): Record<string, string> {
  return Object.fromEntries(services.map((s) => [`${s.name.toUpperCase()}_URL`, s.url]));
}

export async function startEmbedded(options: EmbeddedOptions = {}): Promise<Embedded> {
  const say = options.say ?? ((line: string) => process.stdout.write(`${line}\n`));
  const env = { ...(options.env ?? process.env) };
  for (const name of DISTRIBUTED_ONLY) {
    if (env[name] && name !== "PORT")
      say(`  (ignoring ${name}: the embedded mode uses PGlite and the in-process bus)`);
    delete env[name];
  }
  const dataDir = options.dataDir ?? env.DATA_DIR ?? ".data";
  const base = options.servicePortBase ?? 3001;
  const bus = createInProcessBus();
  // One registry for the whole process: every service registers in it, the composer discovers from it.
  const registry = createMemoryRegistry();
  const services: RunningService[] = [];
  try {
    for (const [i, definition] of SERVICES.entries()) {
      const started = performance.now();
      say(`• starting ${definition.name} (PGlite in ${dataDir}/${definition.name})…`);
      const running = await runService(definition, {
        // the URLs of the services started before it (identity reads CHECKOUT_URL until it discovers)
        env: { ...env, ...urlsOf(services), PORT: String(base === 0 ? 0 : base + i), DATA_DIR: dataDir },
        bus,
        registry,
        logDestination: options.logDestination,
      });
      services.push(running);
      say(`  ✓ ${definition.name} at ${running.url} in ${Math.round(performance.now() - started)} ms`);
    }
    say("• starting the composer (discovering the services in the in-memory registry)…");
    const composer = await createComposer({ env, registry, logDestination: options.logDestination });
    const server = serve({
      fetch: composer.app.fetch,
      port: options.port ?? 3000,
      hostname: composer.config.HOST,
    });
    return {
      url: server.url,
      services,
      async stop() {
        composer.drain();
        await server.stop();
        await composer.close();
        for (const s of services.reverse()) await s.stop();
        await bus.close();
        await registry.close();
      },
    };
  } catch (error) {
    for (const s of services.reverse()) await s.stop().catch(() => {});
    throw error;
  }
}
