#!/usr/bin/env node
// The one entry point behind `npm start` and `npm test` on a machine with only Node.js and npm:
// installs the dependencies (Bun included, from the npm registry) when they are missing or stale,
// then runs the matching script under Bun. Plain Node, no dependencies.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const scripts = {
  start: "scripts/start.ts",
  test: "scripts/test.ts",
  distributed: "scripts/distributed.ts",
  build: "scripts/build.ts",
  tessera: "scripts/tessera.ts",
};
const [command, ...args] = process.argv.slice(2);
const script = scripts[command];
if (!script) {
  console.error(
    `usage: node scripts/bootstrap.mjs <${Object.keys(scripts).join("|")}> [args…] (got "${command ?? ""}")`,
  );
  process.exit(2);
}

const [major] = process.versions.node.split(".").map(Number);
if (major < 20) {
  console.error(`Tessera needs Node.js 20 or newer to bootstrap (found ${process.version}).`);
  process.exit(1);
}

const bun = join(root, "node_modules", ".bin", process.platform === "win32" ? "bun.exe" : "bun");
const lock = join(root, "package-lock.json");
const installed = join(root, "node_modules", ".package-lock.json");
const stale =
  !existsSync(bun) || !existsSync(installed) || statSync(lock).mtimeMs > statSync(installed).mtimeMs;
if (stale) {
  console.log("• installing dependencies with npm ci (Bun comes from the npm registry)…");
  const started = Date.now();
  const result = spawnSync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: root,
    stdio: "inherit",
  });
  if (result.status !== 0) {
    console.error("✗ npm ci failed: see the output above (is the npm registry reachable?)");
    process.exit(result.status ?? 1);
  }
  console.log(`  ✓ dependencies installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const child = spawn(bun, [join(root, script), ...args], { cwd: root, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
