/**
 * `npm test`: every check, tier by tier, with progress — lint, types, build, unit, contract,
 * compose, security (property tests against every public endpoint), integration (distributed
 * mode against the real PostgreSQL and NATS), browser
 * (Chromium). Prerequisites are checked first and fail the run loudly. Every tier runs even when
 * one before it failed; the last line counts every test: `N passed, N failed`.
 *
 * `npm test -- unit contract` runs only the named tiers.
 */
import { join } from "node:path";
import { edgeTable } from "../contracts/edge-table.ts";
import { buildAll } from "./build.ts";
import { checkPrerequisites } from "./prerequisites.ts";

const root = join(import.meta.dir, "..");
const bin = (name: string) => join(root, "node_modules", ".bin", name);
const bun = process.execPath;

interface Stage {
  name: string;
  cmd?: string[];
  run?: () => Promise<void>;
  /** A bun test tier: its counts go into the total. */
  tests?: boolean;
  needsServers?: boolean;
  /** Runs after the stage's command with its outcome; resolves false to fail the stage. */
  after?: (ok: boolean) => boolean;
}

/** After the contract stage: the table of every edge and its result (contracts/edge-table.ts). */
function printEdgeTable(ok: boolean): boolean {
  const { text, failures } = edgeTable(ok);
  say("\n• edges between teams (contracts/edges/inventory.json × contracts/results/matrix.json)");
  say(text);
  return failures === 0;
}

const stages: Stage[] = [
  { name: "lint", cmd: [bin("biome"), "check", "."] },
  { name: "types", cmd: [bin("tsc"), "-p", "tsconfig.json"] },
  { name: "build", run: buildAll },
  {
    name: "unit",
    cmd: [bun, "test", "./chassis", "./services", "./fragments", "./composer", "./shell"],
    tests: true,
  },
  // consumers write the pacts, then the providers verify them, then the inventory and the gate
  // are checked: three runs, in that order; then the edge table
  { name: "contract", cmd: [bun, "run", "--cwd", "contracts", "test"], tests: true, after: printEdgeTable },
  { name: "compose", cmd: [bun, "test", "./tests/compose"], tests: true },
  // fast-check throws malformed input at every public endpoint of every service and the composer
  { name: "security", cmd: [bun, "test", "./tests/security"], tests: true },
  {
    name: "integration",
    // a test's own deadline is a safety net (a hung server), never a figure: generous on a busy machine
    cmd: [bun, "test", "--timeout", "30000", "./tests/integration"],
    tests: true,
    needsServers: true,
  },
  { name: "browser", cmd: [bun, "test", "./tests/browser"], tests: true, needsServers: true },
];

const wanted = process.argv.slice(2);
const selected = wanted.length ? stages.filter((s) => wanted.includes(s.name)) : stages;
if (wanted.length && selected.length !== wanted.length) {
  console.error(`Unknown tier in ${wanted.join(", ")}; tiers are: ${stages.map((s) => s.name).join(", ")}`);
  process.exit(2);
}

const say = (line: string) => process.stdout.write(`${line}\n`);
let passed = 0;
let failed = 0;
const results: { name: string; ok: boolean; seconds: number; detail: string }[] = [];

if (selected.some((s) => s.needsServers)) {
  say("• checking prerequisites (PostgreSQL, NATS JetStream, Chromium)…");
  const problems = await checkPrerequisites(say);
  if (problems.length) {
    for (const p of problems) console.error(`✗ ${p}`);
    console.error("\n0 passed, 1 failed");
    process.exit(1);
  }
  say("  ✓ PostgreSQL, NATS and Chromium are there");
}

/** Sums bun test's closing counts (`N pass`, `N fail`) over every run in the output. */
function count(output: string, word: "pass" | "fail"): number {
  let total = 0;
  for (const m of output.matchAll(new RegExp(`^\\s*(\\d+) ${word}$`, "gm"))) total += Number(m[1]);
  return total;
}

for (const stage of selected) {
  const started = performance.now();
  say(`\n━━ ${stage.name} ━━`);
  let ok = true;
  let detail = "";
  if (stage.run) {
    try {
      await stage.run();
    } catch (error) {
      ok = false;
      detail = (error as Error).message;
    }
  } else if (stage.cmd) {
    const proc = Bun.spawn(stage.cmd, {
      cwd: root,
      stdout: "pipe",
      stderr: "pipe",
      env: { ...process.env, FORCE_COLOR: "0" },
    });
    let output = "";
    const pump = async (stream: ReadableStream<Uint8Array>, to: NodeJS.WriteStream) => {
      const decoder = new TextDecoder();
      for await (const chunk of stream) {
        const text = decoder.decode(chunk, { stream: true });
        output += text;
        to.write(text);
      }
    };
    const [code] = await Promise.all([
      proc.exited,
      pump(proc.stdout, process.stdout),
      pump(proc.stderr, process.stderr),
    ]);
    ok = code === 0;
    if (stage.tests) {
      const p = count(output, "pass");
      const f = count(output, "fail");
      passed += p;
      failed += f;
      if (p === 0 && f === 0) {
        ok = false;
        detail = "ran no test";
      } else detail = `${p} passed, ${f} failed`;
      if (!ok && f === 0) failed += 1; // the runner itself failed (a file did not load)
    }
  }
  if (stage.after) {
    try {
      if (!stage.after(ok)) {
        ok = false;
        detail = `${detail}${detail ? "; " : ""}edges not verified`;
      }
    } catch (error) {
      ok = false;
      detail = `${detail}${detail ? "; " : ""}${(error as Error).message}`;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  results.push({ name: stage.name, ok, seconds, detail });
  say(`${ok ? "✓" : "✗"} ${stage.name} in ${seconds.toFixed(1)} s ${detail ? `(${detail})` : ""}`);
  if (!ok && !stage.tests) failed += 1;
}

say("\n━━ summary ━━");
for (const r of results)
  say(`${r.ok ? "✓" : "✗"} ${r.name.padEnd(12)} ${r.seconds.toFixed(1).padStart(6)} s  ${r.detail}`);
say(`\n${passed} passed, ${failed} failed`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
