/**
 * CPU time per page of a composer process, A/B: Tessera from the working tree against Tessera from
 * a git ref (and bun-wire, the floor on the same fragment client), measured in alternating rounds so that the machine's load
 * (other processes on the same cores) weighs on every variant alike. One worker per system; the
 * figure is the system's processes' user+system CPU time over a wrk run divided by the pages
 * served — steadier than pages/s on a shared machine, though contention still inflates it.
 *
 * Run: bun bench/composer/cpu.ts [--ref=HEAD] [--rounds=3] [--seconds=5] [--page=three|nested|slow]
 *      [--systems=tessera,ref,tessera-single,bun-wire,bun-batch,bun-bare] [--profile] [--profile-out=file.cpuprofile] (--profile: the working tree's composer runs
 *      under `bun --cpu-prof`; the profile's per-stage shares are printed, see profile-stages.ts)
 */
import { copyFile, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stopWrk, wrk } from "./load.ts";
import { assertComplete, PAGES, type PageId } from "./pages.ts";
import { freePort, spawnChild, stopAll, treeCpuMs, waitUntil } from "./process.ts";
import { printStages } from "./profile-stages.ts";
import { snapshot } from "./snapshot.ts";
import { bunBare, bunBatch, bunWire } from "./systems/bun-bare.ts";
import type { System } from "./systems/system.ts";
import { tessera, tesseraSingle } from "./systems/tessera.ts";

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) =>
  args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const ref = arg("ref", "HEAD");
const rounds = Number(arg("rounds", "3"));
const seconds = Number(arg("seconds", "5"));
const pageId = arg("page", "three") as PageId;
const profile = args.includes("--profile");
const chosen = arg("systems", "tessera,ref,bun-wire").split(",");
if (!PAGES[pageId]) throw new Error(`--page: one of ${Object.keys(PAGES).join(", ")}`);
const root = join(import.meta.dir, "..", "..");
const tmp = await mkdtemp(join(tmpdir(), "tessera-bench-cpu-"));
process.once("SIGINT", () => {
  stopWrk();
  stopAll().finally(() => rm(tmp, { recursive: true, force: true }).finally(() => process.exit(130)));
});

interface Variant {
  label: string;
  system: System;
  root: string;
  env?: Record<string, string>;
}

try {
  const fragmentPort = await freePort();
  const fragments = `http://127.0.0.1:${fragmentPort}`;
  const server = spawnChild("fragments", [process.execPath, join(import.meta.dir, "fragments-server.ts")], {
    cwd: root,
    env: { PORT: String(fragmentPort) },
    logFile: `${tmp}/fragments.log`,
  });
  await waitUntil("fragment server", async () => (await fetch(`${fragments}/health`)).ok, { child: server });
  const variants: Variant[] = [];
  if (chosen.includes("tessera")) variants.push({ label: "tessera (working tree)", system: tessera, root });
  if (chosen.includes("ref"))
    variants.push({
      label: `tessera (${ref})`,
      system: tessera,
      root: await snapshot(root, ref, join(tmp, "ref")),
    });
  if (chosen.includes("tessera-single"))
    variants.push({ label: "tessera-single (no batches)", system: tesseraSingle, root });
  if (chosen.includes("bun-bare")) variants.push({ label: "bun-bare", system: bunBare, root });
  if (chosen.includes("bun-wire")) variants.push({ label: "bun-wire", system: bunWire, root });
  if (chosen.includes("bun-batch")) variants.push({ label: "bun-batch", system: bunBatch, root });
  const figures = new Map<string, number[]>(variants.map((v) => [v.label, []]));
  for (let round = 0; round < rounds; round++) {
    for (const variant of variants) {
      const profiling =
        profile && round === rounds - 1 && variant.root === root && variant.system === tessera;
      const running = await variant.system.start({
        fragments,
        tmp,
        root: variant.root,
        workers: 1,
        ...(profiling ? { bunArgs: ["--cpu-prof", `--cpu-prof-dir=${tmp}/profile`] } : {}),
      });
      const path = (running.paths as Record<string, string>)[pageId] ?? running.nested[0]?.path;
      const url = `${running.base}${path}`;
      await waitUntil(variant.label, async () => {
        const response = await fetch(url);
        assertComplete(variant.label, PAGES[pageId], await response.text());
        return true;
      });
      await wrk(url, 2);
      const before = treeCpuMs(running.child.pid);
      const result = await wrk(url, seconds);
      const cpu = treeCpuMs(running.child.pid) - before;
      await running.child.stop();
      const perPage = cpu / Math.max(1, result.requests);
      figures.get(variant.label)?.push(perPage);
      console.error(
        `round ${round + 1} ${variant.label.padEnd(24)} ${perPage.toFixed(3)} ms CPU/page (${Math.round(result.rps)} pages/s)`,
      );
    }
  }
  await server.stop();
  console.log(`\nCPU ms per page, page ${pageId}, 1 worker, ${rounds} rounds of wrk -c50 -d${seconds}s:`);
  for (const [label, values] of figures) {
    const sorted = [...values].sort((a, b) => a - b);
    console.log(
      `  ${label.padEnd(24)} median ${(sorted[Math.floor(sorted.length / 2)] ?? Number.NaN).toFixed(3)}  (${values.map((v) => v.toFixed(3)).join(" ")})`,
    );
  }
  if (profile) {
    const dir = `${tmp}/profile`;
    const file = (await readdir(dir)).find((f) => f.endsWith(".cpuprofile"));
    if (file) await printStages(join(dir, file), 3000);
    const keep = arg("profile-out", "");
    if (file && keep) await copyFile(join(dir, file), keep);
  }
} finally {
  stopWrk();
  await stopAll();
  await rm(tmp, { recursive: true, force: true });
}
