/**
 * The whole storefront for the security tier, without external servers: every team service
 * built with its database in memory and listening on a free port, one in-process bus, one
 * in-memory registry, and the composer discovering them — the HTTP edges real, as in the
 * embedded mode. Internal identity tokens are signed with one key pair made for the run. Also:
 * each service's OpenAPI operations, and the row counts of each service's tables (to prove a
 * refused request wrote nothing).
 */
import {
  accessKeysEnv,
  createSigningKeys,
  createTokenMinter,
  type TokenMinter,
} from "@tessera/chassis/access";
import { createInProcessBus } from "@tessera/chassis/bus";
import { serve } from "@tessera/chassis/lifecycle";
import { createMemoryRegistry } from "@tessera/chassis/registry";
import { type RunningService, runService } from "@tessera/chassis/service";
import { createComposer } from "@tessera/composer/app";
import { sql } from "drizzle-orm";
import { SERVICES } from "../../scripts/services.ts";

/** One documented operation: method and path template (`/api/orders/{id}`), with its parameter names. */
export interface Operation {
  service: string;
  method: string;
  path: string;
  query: string[];
  hasBody: boolean;
}

export interface System {
  services: RunningService[];
  composer: Awaited<ReturnType<typeof createComposer>> & { url: string };
  /** Mints internal tokens with the run's composer key (what a service trusts). */
  mint: TokenMinter;
  /** Mints internal tokens with a key nobody trusts. */
  mintForeign: TokenMinter;
  operations(service: RunningService): Promise<Operation[]>;
  /** `table → rows` for every table of the service's database. */
  rowCounts(service: RunningService): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

/** The rows of a raw query, whichever driver answered (PGlite: `{ rows }`, postgres.js: an array). */
function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : ((result as { rows?: T[] }).rows ?? [])) as T[];
}

export async function startSystem(say: (line: string) => void = () => {}): Promise<System> {
  const keys = await accessKeysEnv();
  const env = {
    LOG_LEVEL: "silent",
    PORT: "0",
    HOST: "127.0.0.1",
    ...keys,
    OPERATOR_PASSWORD: "security-tier-operator",
    // every request comes from 127.0.0.1: a bucket that large never refuses this tier's traffic
    GATEWAY_RATE_PER_MINUTE: "1000000",
    GATEWAY_BURST: "1000000",
    LOGIN_RATE_PER_ADDRESS_PER_MINUTE: "100000",
    // a loaded test machine must not turn slow fragments into 503 pages: this tier is about input
    FRAGMENT_TIMEOUT_MS: "30000",
  };
  const bus = createInProcessBus();
  const registry = createMemoryRegistry();
  const services: RunningService[] = [];
  for (const definition of SERVICES) {
    const started = performance.now();
    // the URLs of the services started before it (identity reads CHECKOUT_URL for the order history)
    const urls = Object.fromEntries(services.map((s) => [`${s.name.toUpperCase()}_URL`, s.url]));
    services.push(await runService(definition, { env: { ...env, ...urls }, bus, registry, inMemory: true }));
    say(`  ✓ ${definition.name} in ${Math.round(performance.now() - started)} ms`);
  }
  const built = await createComposer({ env, registry, shellDist: "/nonexistent" });
  await built.discovery.refresh();
  const server = serve({ fetch: built.app.fetch, port: 0, hostname: "127.0.0.1" });
  const composer = Object.assign(built, { url: `http://127.0.0.1:${server.port}` });
  say(`  ✓ composer at ${composer.url}`);
  const countQueries = new Map<string, string>();
  const signing = await createSigningKeys(keys.ACCESS_SIGNING_KEYS);
  const foreign = await createSigningKeys();
  return {
    services,
    composer,
    mint: createTokenMinter(signing),
    mintForeign: createTokenMinter(foreign),
    async operations(service) {
      const doc = (await (await fetch(`${service.url}/openapi.json`)).json()) as {
        paths: Record<
          string,
          Record<string, { parameters?: { in: string; name: string }[]; requestBody?: unknown }>
        >;
      };
      return Object.entries(doc.paths).flatMap(([path, item]) =>
        Object.entries(item).map(([method, op]) => ({
          service: service.name,
          method: method.toUpperCase(),
          path,
          query: (op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name),
          hasBody: Boolean(op.requestBody),
        })),
      );
    },
    async rowCounts(service) {
      const db = service.built.ctx.database.db;
      let query = countQueries.get(service.name);
      if (!query) {
        const names = rowsOf<{ table_name: string }>(
          await db.execute(
            sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
          ),
        ).map((r) => r.table_name);
        query = names.map((n) => `select '${n}' as t, count(*)::int as n from "${n}"`).join(" union all ");
        countQueries.set(service.name, query);
      }
      const counts: Record<string, number> = {};
      for (const row of rowsOf<{ t: string; n: number }>(await db.execute(sql.raw(query))))
        counts[row.t] = Number(row.n);
      return counts;
    },
    async stop() {
      await server.stop();
      await composer.close();
      for (const s of [...services].reverse()) await s.stop().catch(() => {});
      await bus.close();
      await registry.close();
    },
  };
}
