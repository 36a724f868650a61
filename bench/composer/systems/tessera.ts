/**
 * Tessera's composer in the benchmark — the one place that knows how to start it, so a change of
 * the composer's API touches only this file. Imported, it is a {@link System} that spawns this
 * same file under Bun; run as a script it builds the composer and serves it.
 *
 * What it relies on:
 * - `createComposer({ env, templates, registry })` from `@tessera/composer/app`, resolving to
 *   `{ app, close }` with `app.fetch` a fetch handler; `templates` maps a route to template HTML.
 * - Where the service `catalog` is: `registry`, a `createStaticRegistry({ catalog: url })` from
 *   `@tessera/chassis/registry` (since c3afd7c), or `env.CATALOG_URL` / `EXPLORE_URL` (before);
 *   the composer then reads `<url>/fragments/manifest.json` (an endpoint per fragment name).
 * - Template syntax `<tessera-fragment service="catalog" name="…" timeout="ms" …params>`; other
 *   attributes go to the fragment as query parameters (`nest` is not one the composer reserves).
 * - With COMPOSER_WORKERS=N > 1: `superviseWorkers` and `serve({ reusePort })` from
 *   `@tessera/chassis/lifecycle`, as composer/server.ts runs them — N processes on one port.
 * - `LOG_LEVEL=warn` silences the per-request info log line, as nginx runs with `access_log off`.
 */
import { join } from "node:path";
import {
  FRAGMENT_TIMEOUT_MS,
  flatFragments,
  PAGE_HEAD,
  PAGE_TAIL,
  PAGES,
  type Page,
  SLOW,
} from "../pages.ts";
import { freePort, spawnChild } from "../process.ts";
import type { System } from "./system.ts";

function tag(name: string, nest: boolean): string {
  const timeout = name === SLOW ? ` timeout="${FRAGMENT_TIMEOUT_MS}"` : "";
  const params = nest ? ' nest="tessera"' : "";
  return `<tessera-fragment service="catalog" name="${name}"${timeout}${params}></tessera-fragment>`;
}

function template(page: Page, mode: "top" | "nested" | "flat"): string {
  const names = mode === "flat" ? flatFragments(page) : page.fragments.map((f) => f.name);
  return PAGE_HEAD + names.map((name) => tag(name, mode === "nested")).join("\n") + PAGE_TAIL;
}

/** Route → template, as given to `createComposer`. */
export function templates(): Record<string, string> {
  return {
    "/three": template(PAGES.three, "top"),
    "/nested": template(PAGES.nested, "nested"),
    "/nested-flat": template(PAGES.nested, "flat"),
    "/slow": template(PAGES.slow, "top"),
  };
}

function tesseraSystem(name: string, runtime: string, env: Record<string, string> = {}): System {
  return {
    name,
    runtime,
    async start({ fragments, tmp, root, workers, bunArgs = [] }) {
      const port = await freePort();
      // Spawned from `root` (the repository, or a copy of a git ref): its composer is the one run.
      const script = join(root, "bench/composer/systems/tessera.ts");
      const child = spawnChild(name, [process.execPath, ...bunArgs, script], {
        cwd: root,
        env: {
          BENCH_FRAGMENTS: fragments,
          BENCH_PORT: String(port),
          COMPOSER_WORKERS: String(workers),
          ...env,
        },
        logFile: `${tmp}/${name}.log`,
      });
      return {
        base: `http://127.0.0.1:${port}`,
        paths: { three: "/three", slow: "/slow" },
        nested: [
          { path: "/nested", how: "yes: <tessera-fragment> tags in a fragment's HTML" },
          {
            path: "/nested-flat",
            how: "no (this composer does not nest): the 10 fragments listed flat in the template",
          },
        ],
        child,
      };
    },
  };
}

export const tessera = tesseraSystem(
  "tessera",
  "Bun, composer/app.ts (page routes in front of Hono), COMPOSER_WORKERS=N",
);
/** Tessera with fragment batches off (FRAGMENT_BATCHES=false): one request per fragment, as the peers make. */
export const tesseraSingle = tesseraSystem(
  "tessera-single",
  "Bun, composer/app.ts, FRAGMENT_BATCHES=false (one request per fragment)",
  { FRAGMENT_BATCHES: "false" },
);

const WORKERS = Number(process.env.COMPOSER_WORKERS ?? 1);

if (import.meta.main && WORKERS > 1 && !process.env.TESSERA_WORKER) {
  // The supervisor composer/server.ts uses: N copies of this script on BENCH_PORT.
  const { superviseWorkers } = await import("@tessera/chassis/lifecycle");
  const { default: pino } = await import("pino");
  const supervisor = superviseWorkers({
    count: WORKERS,
    port: Number(process.env.BENCH_PORT),
    hostname: "127.0.0.1",
    portVariable: "BENCH_PORT",
    log: pino({ level: "warn" }),
    command: [process.execPath, import.meta.path],
  });
  process.on("SIGTERM", async () => {
    await supervisor.stop();
    process.exit(0);
  });
} else if (import.meta.main) {
  const { createComposer } = await import("@tessera/composer/app");
  const fragments = process.env.BENCH_FRAGMENTS as string;
  const services = { catalog: fragments, explore: fragments };
  // Composers with a service registry (c3afd7c on) find `catalog` in a static one; older ones
  // read CATALOG_URL / EXPLORE_URL and ignore the option.
  const registry = await import("@tessera/chassis/registry")
    .then((m) => m.createStaticRegistry(services))
    .catch(() => undefined);
  const composer = await createComposer({
    env: {
      CATALOG_URL: fragments,
      EXPLORE_URL: fragments,
      LOG_LEVEL: "warn",
      HOST: "127.0.0.1",
      FRAGMENT_BATCHES: process.env.FRAGMENT_BATCHES,
    },
    templates: templates(),
    registry,
  });
  const server = Bun.serve({
    fetch: composer.app.fetch,
    port: Number(process.env.BENCH_PORT),
    hostname: "127.0.0.1",
    reusePort: WORKERS > 1,
    idleTimeout: 60,
  });
  process.on("SIGTERM", async () => {
    server.stop(true);
    await composer.close();
    process.exit(0);
  });
}
