/**
 * bench/startup — how long the embedded storefront takes from process start to its first
 * composed page, and how much memory it holds: cold (a new data directory and no PGlite template
 * yet: initdb runs once), warm (the data directories exist), and after serving pages.
 * The ratio cold/warm is the figure to compare across runs; absolute times vary on a shared machine.
 *
 * Run: npm run bench:startup
 */
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(import.meta.dir, "..", "..");
const PAGES = 200;

async function freePort(): Promise<number> {
  const s = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response() });
  const port = s.port as number;
  s.stop(true);
  return port;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function run(label: string, dataDir: string, tmp: string) {
  const port = await freePort();
  const base = await freePort();
  const started = performance.now();
  const proc = Bun.spawn([process.execPath, "scripts/start.ts", "--no-build"], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      TMPDIR: tmp,
      LOG_LEVEL: "warn",
      SERVICE_PORT_BASE: String(base),
    },
    stdout: "ignore",
    stderr: "inherit",
  });
  let firstPageMs = 0;
  for (;;) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/`);
      if (response.ok && (await response.text()).includes("catalog-product-card")) {
        firstPageMs = performance.now() - started;
        break;
      }
    } catch {}
    if (performance.now() - started > 120_000) throw new Error(`${label}: no page within 120 s`);
    await Bun.sleep(25);
  }
  const rssFirst = rssMb(proc.pid);
  for (let i = 0; i < PAGES; i++) await (await fetch(`http://127.0.0.1:${port}/`)).text();
  const rssAfter = rssMb(proc.pid);
  proc.kill("SIGTERM");
  await proc.exited;
  return {
    label,
    firstPageMs: Math.round(firstPageMs),
    rssFirstMb: Math.round(rssFirst),
    rssAfterMb: Math.round(rssAfter),
  };
}

const tmp = await mkdtemp(join(tmpdir(), "tessera-bench-"));
const dataDir = join(tmp, "data");
try {
  const cold = await run("cold (new data dirs, no template)", dataDir, tmp);
  const warm = await run("warm (data dirs exist)", dataDir, tmp);
  const rows = [cold, warm];
  console.log(
    `\nEmbedded storefront: process start → first composed page, RSS (after ${PAGES} more pages)\n`,
  );
  console.log(
    `${"run".padEnd(36)} ${"first page".padStart(11)} ${"RSS first".padStart(10)} ${"RSS after".padStart(10)}`,
  );
  for (const r of rows) {
    console.log(
      `${r.label.padEnd(36)} ${`${r.firstPageMs} ms`.padStart(11)} ${`${r.rssFirstMb} MB`.padStart(10)} ${`${r.rssAfterMb} MB`.padStart(10)}`,
    );
  }
  const figures = {
    bench: "startup",
    cold_first_page_ms: cold.firstPageMs,
    warm_first_page_ms: warm.firstPageMs,
    cold_over_warm: Number((cold.firstPageMs / warm.firstPageMs).toFixed(2)),
    rss_first_page_mb: warm.rssFirstMb,
    rss_after_pages_mb: warm.rssAfterMb,
    pages: PAGES,
  };
  console.log(`\n${JSON.stringify(figures)}`);
} finally {
  await rm(tmp, { recursive: true, force: true });
}
