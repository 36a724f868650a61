/**
 * bench/composer — the same pages composed from the same fragment server by Tessera's composer,
 * nginx SSI, node-tailor (template parsed per request, and cached) and @podium/layout, one
 * system at a time, each in its own process. See README.md for what is measured and how.
 *
 * Run: npm run bench:composer [-- --systems=nginx,tessera,bun-wire] [-- --quick] [-- --workers=N] [-- --warmup=S]
 * The last line printed is one JSON object with every figure.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { closedLoop, openLoop, percentile, stopWrk, type Timing, wrk } from "./load.ts";
import { assertComplete, flatFragments, markers, PAGES, type Page, type PageId, SLOW } from "./pages.ts";
import { freePort, spawnChild, stopAll, treeCpuMs, waitForQuiet, waitUntil } from "./process.ts";
import { snapshot } from "./snapshot.ts";
import { bunBare, bunBatch, bunWire } from "./systems/bun-bare.ts";
import { nginx } from "./systems/nginx.ts";
import { podium } from "./systems/podium.ts";
import type { RunningSystem, System } from "./systems/system.ts";
import { tailor, tailorCached } from "./systems/tailor.ts";
import { tessera, tesseraSingle } from "./systems/tessera.ts";

const root = join(import.meta.dir, "..", "..");
const args = process.argv.slice(2);
const quick = args.includes("--quick");
/** `--workers=N`: worker processes of every system (default: one per core). */
const workersArg = args.find((a) => a.startsWith("--workers="))?.slice(10);
const WORKERS = workersArg === undefined ? availableParallelism() : Number(workersArg);
if (!Number.isInteger(WORKERS) || WORKERS < 1)
  throw new Error(`--workers: expected a whole number ≥ 1, got "${workersArg}"`);
const ALL: System[] = [
  nginx,
  tessera,
  tailor,
  tailorCached,
  podium,
  tesseraSingle,
  bunBare,
  bunWire,
  bunBatch,
];
/** The references (floors on Bun), not peers: run only when named in `--systems`. */
const REFERENCES: System[] = [tesseraSingle, bunBare, bunWire, bunBatch];
/** `--tessera-ref=HEAD`: run Tessera's composer from a copy of that git ref, not the working tree. */
const tesseraRef = args.find((a) => a.startsWith("--tessera-ref="))?.slice(14);
const chosen = args
  .find((a) => a.startsWith("--systems="))
  ?.slice(10)
  .split(",");
const systems = chosen
  ? chosen.map((name) => {
      const system = ALL.find((s) => s.name === name);
      if (!system)
        throw new Error(`--systems: unknown system "${name}"; known: ${ALL.map((s) => s.name).join(", ")}`);
      return system;
    })
  : ALL.filter((s) => !REFERENCES.includes(s));

/** Load settings (the brief: wrk -t1 -c50 -d10s after warm-up; 1k pages/s; 200 connections). */
const WRK_SECONDS = quick ? 3 : 10;
/**
 * `--warmup=S`: wrk on the page before it is measured. A JIT runtime (Bun, Node) reaches its
 * steady state only after its hot code was compiled; on 2 shared cores Tessera's composer took
 * 6–9 s of load to get there (README.md, eighth pass), so the default gives every system 8 s.
 */
const warmupArg = args.find((a) => a.startsWith("--warmup="))?.slice(9);
const WARMUP_SECONDS = warmupArg === undefined ? (quick ? 1 : 8) : Number(warmupArg);
if (!Number.isFinite(WARMUP_SECONDS) || WARMUP_SECONDS < 0)
  throw new Error(`--warmup: expected seconds ≥ 0, got "${warmupArg}"`);
const RATE = 1000;
const FRAGMENT_RATE = 200;
const OPEN_SECONDS = quick ? 3 : 4;
const TTFB_CONNECTIONS = 200;
const TTFB_PER_CONNECTION = 2;

interface Figures {
  pages_per_s: number;
  /** CPU time (user + system) of the system's processes per page during the wrk run (pages a, b). */
  cpu_ms_per_page?: number;
  p50_ms: number;
  p99_ms: number;
  errors: number;
  ttfb_p50_ms?: number;
  ttfb_p99_ms?: number;
  overhead_p50_ms: number;
  overhead_p99_ms: number;
  /** How the overhead was measured: at 1k pages/s (open loop) or at 200 connections (slow page). */
  overhead_at: string;
  /** Failed, refused or unanswered requests during the overhead/TTFB run. */
  load_errors: number;
  /** Pages completed per second in the overhead run; below the rate sent, the system saturated. */
  overhead_done_per_s: number;
}

interface SystemResult {
  runtime: string;
  /** Worker processes the system ran. */
  workers: number;
  nesting: string;
  pages: Partial<Record<PageId, Figures>>;
  /** Why the system could not be measured (the run goes on with the others). */
  error?: string;
  /** Share of the cores busy (other processes) just before this system was measured. */
  machine_busy_before: number;
}

const round = (n: number, digits = 2) => (Number.isFinite(n) ? Number(n.toFixed(digits)) : Number.NaN);

/** A validator for a page's bodies under load: every fragment's markers are there. */
function completeBody(page: Page): (body: Buffer) => boolean {
  const needles = flatFragments(page).flatMap((name) => markers(name).map((m) => Buffer.from(m)));
  return (body) => needles.every((needle) => body.includes(needle));
}

async function fetchComplete(system: string, base: string, path: string, page: Page): Promise<boolean> {
  const response = await fetch(`${base}${path}`);
  const body = await response.text();
  if (response.status !== 200)
    throw new Error(`${system} ${path} answered ${response.status}: ${body.slice(0, 200)}`);
  assertComplete(system, page, body);
  return true;
}

/** Readiness: each page complete; for the nested page, the first variant the system composes fully. */
async function ready(system: System, running: RunningSystem): Promise<string> {
  const { base, child } = running;
  await waitUntil(
    `${system.name} ${running.paths.three}`,
    () => fetchComplete(system.name, base, running.paths.three, PAGES.three),
    {
      child,
    },
  );
  await fetchComplete(system.name, base, running.paths.slow, PAGES.slow);
  const refusals: string[] = [];
  for (const variant of running.nested) {
    try {
      await fetchComplete(system.name, base, variant.path, PAGES.nested);
      running.paths = { ...running.paths, nested: variant.path } as RunningSystem["paths"];
      return refusals.length
        ? `${variant.how} [nested variant refused: ${refusals.join("; ")}]`
        : variant.how;
    } catch (error) {
      refusals.push((error as Error).message.replace(/ \(\d+ bytes; starts[\s\S]*$/, ""));
    }
  }
  throw new Error(`${system.name}: no nested page variant is complete:\n${refusals.join("\n")}`);
}

function pathOf(running: RunningSystem, page: PageId): string {
  return (running.paths as Record<string, string>)[page] as string;
}

async function measureFast(
  system: System,
  running: RunningSystem,
  page: Page,
  fragments: string,
): Promise<Figures> {
  const url = `${running.base}${pathOf(running, page.id)}`;
  const warm = system.name === "podium" && page.id === "three" ? WARMUP_SECONDS + 3 : WARMUP_SECONDS;
  await wrk(url, warm);
  const cpuBefore = treeCpuMs(running.child.pid);
  const w = await wrk(url, WRK_SECONDS);
  const cpuMs = treeCpuMs(running.child.pid) - cpuBefore;
  await fetchComplete(system.name, running.base, pathOf(running, page.id), page);
  // The overhead: page latency at a fixed 1k pages/s, against the latency of one fragment
  // fetched directly at the same time (the page's fragments all answer alike).
  const leaf = page.fragments.at(-1)?.name as string;
  const [pages, direct] = await Promise.all([
    openLoop(running.base, pathOf(running, page.id), {
      rate: RATE,
      seconds: OPEN_SECONDS,
      warmupSeconds: 1,
      validate: completeBody(page),
    }),
    openLoop(fragments, `/frag/${leaf}`, { rate: FRAGMENT_RATE, seconds: OPEN_SECONDS, warmupSeconds: 1 }),
  ]);
  const invalid = pages.timings.filter((t) => !t.valid).length;
  if (invalid > 0)
    process.stderr.write(`  ! ${system.name} ${page.id}: ${invalid} incomplete pages under 1k pages/s\n`);
  if (pages.donePerSecond < RATE * 0.95 || pages.errors > 0) await settle();
  const totals = pages.timings.map((t) => t.total);
  const fragmentTotals = direct.timings.map((t) => t.total);
  return {
    pages_per_s: round(w.rps, 0),
    cpu_ms_per_page: w.requests > 0 ? round(cpuMs / w.requests, 3) : Number.NaN,
    p50_ms: round(w.p50),
    p99_ms: round(w.p99),
    errors: w.errors,
    overhead_p50_ms: round(percentile(totals, 0.5) - percentile(fragmentTotals, 0.5)),
    overhead_p99_ms: round(percentile(totals, 0.99) - percentile(fragmentTotals, 0.99)),
    overhead_at: `${round(pages.sentPerSecond, 0)} pages/s open loop`,
    load_errors: pages.errors + invalid,
    overhead_done_per_s: round(pages.donePerSecond, 0),
  };
}

async function measureSlow(system: System, running: RunningSystem, fragments: string): Promise<Figures> {
  const page = PAGES.slow;
  const [pages, direct] = await Promise.all([
    closedLoop(running.base, running.paths.slow, {
      connections: TTFB_CONNECTIONS,
      perConnection: TTFB_PER_CONNECTION,
      validate: completeBody(page),
    }),
    closedLoop(fragments, `/frag/${SLOW}`, { connections: 10, perConnection: TTFB_PER_CONNECTION }),
  ]);
  const ok = (t: Timing) => t.valid;
  const invalid = pages.timings.filter((t) => !ok(t)).length;
  if (invalid > 0 || pages.errors > 0)
    process.stderr.write(
      `  ! ${system.name} slow: ${invalid} incomplete pages, ${pages.errors} failed connections\n`,
    );
  const totals = pages.timings.map((t) => t.total);
  const ttfb = pages.timings.map((t) => t.ttfb);
  const fragmentTotals = direct.timings.map((t) => t.total);
  return {
    pages_per_s: round(pages.timings.length / pages.seconds, 0),
    p50_ms: round(percentile(totals, 0.5)),
    p99_ms: round(percentile(totals, 0.99)),
    errors: invalid + pages.errors,
    ttfb_p50_ms: round(percentile(ttfb, 0.5)),
    ttfb_p99_ms: round(percentile(ttfb, 0.99)),
    overhead_p50_ms: round(percentile(totals, 0.5) - percentile(fragmentTotals, 0.5)),
    overhead_p99_ms: round(percentile(totals, 0.99) - percentile(fragmentTotals, 0.99)),
    overhead_at: `${TTFB_CONNECTIONS} connections`,
    load_errors: invalid + pages.errors,
    overhead_done_per_s: round(pages.timings.length / pages.seconds, 0),
  };
}

/**
 * Lets a system that fell behind finish the requests it had already accepted (a saturated
 * open-loop run leaves a backlog that would slow the next measurement) — at most 8 s.
 */
async function settle(): Promise<void> {
  await waitForQuiet(0.2, 8_000, 500);
}

// ---------------------------------------------------------------- the table

const fmt = (n: number | undefined, digits = 2) =>
  n === undefined || !Number.isFinite(n) ? "—" : n >= 100 ? n.toFixed(0) : n.toFixed(digits);

/** An open-loop run the system could not keep up with: its overhead is mostly queueing. */
const saturated = (f: Figures) => f.overhead_at.endsWith("open loop") && f.overhead_done_per_s < RATE * 0.95;

function table(results: Record<string, SystemResult>): string {
  const header = [
    "system",
    "page",
    "N",
    "pages/s",
    "CPU ms/p",
    "p50 ms",
    "p99 ms",
    "TTFB p50",
    "TTFB p99",
    "ovh p50",
    "ovh p99",
    "×nginx",
    "×tessera",
  ];
  const rows: string[][] = [];
  for (const id of Object.keys(PAGES) as PageId[]) {
    for (const [name, result] of Object.entries(results)) {
      const f = result.pages[id];
      if (!f) continue;
      const ratio = (other: string) => {
        const base = results[other]?.pages[id]?.pages_per_s;
        return base ? `${(f.pages_per_s / base).toFixed(2)}×` : "—";
      };
      rows.push([
        name,
        PAGES[id].label,
        String(result.workers),
        String(f.pages_per_s),
        f.cpu_ms_per_page === undefined ? "—" : fmt(f.cpu_ms_per_page, 3),
        fmt(f.p50_ms),
        fmt(f.p99_ms),
        fmt(f.ttfb_p50_ms),
        fmt(f.ttfb_p99_ms),
        `${fmt(f.overhead_p50_ms)}${saturated(f) ? "*" : ""}`,
        `${fmt(f.overhead_p99_ms)}${saturated(f) ? "*" : ""}`,
        ratio("nginx"),
        ratio("tessera"),
      ]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

// ---------------------------------------------------------------- main

const tmp = await mkdtemp(join(tmpdir(), "tessera-bench-composer-"));
let cleaned = false;
async function cleanup() {
  if (cleaned) return;
  cleaned = true;
  stopWrk();
  await stopAll();
  await rm(tmp, { recursive: true, force: true });
}
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.once(signal, () => {
    process.stderr.write(`\n${signal}: stopping every process and removing ${tmp}\n`);
    cleanup().finally(() => process.exit(130));
  });

const started = performance.now();
const results: Record<string, SystemResult> = {};
let failed = false;
try {
  const fragmentPort = await freePort();
  const fragments = `http://127.0.0.1:${fragmentPort}`;
  const fragmentServer = spawnChild(
    "fragments",
    [process.execPath, join(import.meta.dir, "fragments-server.ts")],
    {
      cwd: root,
      env: { PORT: String(fragmentPort) },
      logFile: `${tmp}/fragments.log`,
    },
  );
  await waitUntil("fragment server", async () => (await fetch(`${fragments}/health`)).ok, {
    child: fragmentServer,
  });
  console.error(`fragments at ${fragments}; ${availableParallelism()} cores; temp ${tmp}`);

  const tesseraRoot = tesseraRef ? await snapshot(root, tesseraRef, join(tmp, "tessera-ref")) : root;
  for (const system of systems) {
    const t0 = performance.now();
    const runtime =
      system === tessera && tesseraRef ? `${system.runtime}, git ref ${tesseraRef}` : system.runtime;
    console.error(`${system.name} (${runtime}, N=${WORKERS}) …`);
    const busy = await waitForQuiet(0.15, 10_000);
    if (busy > 0.15)
      console.error(
        `  ! the machine is ${Math.round(busy * 100)}% busy with other work: figures will be low`,
      );
    const result: SystemResult = {
      runtime,
      workers: WORKERS,
      nesting: "?",
      pages: {},
      machine_busy_before: round(busy),
    };
    results[system.name] = result;
    let running: RunningSystem | undefined;
    try {
      running = await system.start({
        fragments,
        tmp,
        root: system === tessera ? tesseraRoot : root,
        workers: WORKERS,
      });
      result.nesting = await ready(system, running);
      result.pages.three = await measureFast(system, running, PAGES.three, fragments);
      result.pages.nested = await measureFast(system, running, PAGES.nested, fragments);
      result.pages.slow = await measureSlow(system, running, fragments);
    } catch (error) {
      failed = true;
      result.error = (error as Error).message;
      console.error(`  ${system.name} FAILED: ${result.error}`);
    } finally {
      await running?.child.stop();
    }
    console.error(`  done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  await fragmentServer.stop();
} catch (error) {
  failed = true;
  console.error(`\nbench:composer FAILED: ${(error as Error).message}`);
} finally {
  await cleanup();
}

console.log(
  `\nComposition: same fragment server (Bun, ~1 KB fragments), ${availableParallelism()} cores shared by all processes.` +
    `\nWorkers: N=${WORKERS} processes per system (nginx worker_processes, COMPOSER_WORKERS, node:cluster).` +
    `\npages/s, p50, p99: wrk -t1 -c50 -d${WRK_SECONDS}s after ${WARMUP_SECONDS} s warm-up` +
    ` (CPU ms/p: the system's processes' user+system CPU time over that run, per page)` +
    ` (slow page: ${TTFB_CONNECTIONS} connections × ${TTFB_PER_CONNECTION} pages, own client).` +
    `\nTTFB: slow page, ${TTFB_CONNECTIONS} concurrent connections. ovh: page latency − one fragment's latency` +
    ` (pages a, b: at ${RATE} pages/s, open loop; page c: at ${TTFB_CONNECTIONS} connections). ×: pages/s ratio.` +
    `\n* the system did not keep up with ${RATE} pages/s: the overhead is mostly queueing.\n`,
);
console.log(table(results));
console.log("\nNesting (page b):");
for (const [name, r] of Object.entries(results)) console.log(`  ${name.padEnd(14)} ${r.nesting}`);
console.log("\nRuntimes:");
for (const [name, r] of Object.entries(results)) console.log(`  ${name.padEnd(14)} ${r.runtime}`);
const warnings = Object.entries(results).flatMap(([name, r]) =>
  Object.entries(r.pages)
    .filter(([, f]) => f && (f.errors > 0 || f.load_errors > 0))
    .map(
      ([id, f]) => `  ${name} ${id}: ${f?.errors} errors under wrk, ${f?.load_errors} under the own client`,
    ),
);
const failures = Object.entries(results).filter(([, r]) => r.error);
for (const [name, r] of failures) console.log(`\n${name} NOT MEASURED: ${r.error}`);
if (warnings.length) console.log(`\nErrors seen (figures above include them):\n${warnings.join("\n")}`);
console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(0)} s`);
console.log(
  JSON.stringify({
    bench: "composer",
    cores: availableParallelism(),
    complete: !failed,
    seconds: Math.round((performance.now() - started) / 1000),
    settings: {
      workers: WORKERS,
      wrk: `-t1 -c50 -d${WRK_SECONDS}s`,
      warmup_seconds: WARMUP_SECONDS,
      rate: RATE,
      ttfb_connections: TTFB_CONNECTIONS,
    },
    systems: results,
  }),
);
if (failed) process.exit(1);
