/**
 * Building a release of a team's fragments from its sources: the server renderer as one ESM
 * bundle (Bun.build, target bun: what a service's worker imports) and the federated remote (rspack
 * with the team's own config, written elsewhere). The sources are first copied to a staging folder
 * whose name is their content hash, so the same sources always build to the same bytes — and so to
 * the same version — wherever they came from (`--source` may be any copy of `fragments/<team>`).
 */
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve, sep } from "node:path";
import { releaseVersion } from "@tessera/chassis/releases";

export const REPO_ROOT = resolve(import.meta.dir, "..", "..");

export interface BuiltRelease {
  team: string;
  version: string;
  /** The folder holding `server/` and (for a team with a remote) `client/`, to publish. */
  dir: string;
  hasRemote: boolean;
}

/** Source files of a fragments folder (not its dist/ or node_modules/), sorted. */
function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      if (name === "node_modules" || name === "dist" || name.startsWith(".")) continue;
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path).split(sep).join("/"));
    }
  };
  walk(dir);
  return out.sort();
}

function hashSources(dir: string, files: string[]): string {
  const hash = createHash("sha256");
  for (const file of files)
    hash
      .update(`${file}\0`)
      .update(readFileSync(join(dir, file)))
      .update("\0");
  return hash.digest("hex").slice(0, 16);
}

/**
 * Copies the sources to `<tmp>/tessera-stage-<team>-<hash>/fragments/<team>`, beside a link to the
 * shared rspack configuration and the repository's node_modules, so they build as if in the repo.
 */
function stage(team: string, source: string): string {
  const files = sourceFiles(source);
  const root = join(tmpdir(), `tessera-stage-${team}-${hashSources(source, files)}`);
  const dir = join(root, "fragments", team);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const file of files) cpSync(join(source, file), join(dir, file));
  symlinkSync(join(REPO_ROOT, "node_modules"), join(root, "node_modules"));
  symlinkSync(
    join(REPO_ROOT, "fragments", "remote.config.mjs"),
    join(root, "fragments", "remote.config.mjs"),
  );
  return dir;
}

/** Bundles `src/server.ts`; resolves with the names of the fragments it renders. */
async function buildServer(dir: string, out: string): Promise<string> {
  const result = await Bun.build({
    entrypoints: [join(dir, "src", "server.ts")],
    outdir: join(out, "server"),
    naming: "server.js",
    target: "bun",
    format: "esm",
    minify: true,
    conditions: ["production"],
  });
  if (!result.success)
    throw new Error(`the server bundle failed to build:\n${result.logs.map((l) => String(l)).join("\n")}`);
  // what a service's worker needs from it: a `renderers` map (checked in a process of its own)
  const bundle = join(out, "server", "server.js");
  const check = Bun.spawnSync(
    [
      process.execPath,
      "--eval",
      `const m = await import(${JSON.stringify(bundle)}); if (!m.renderers || typeof m.renderers !== "object") { console.error("src/server.ts exports no renderers map (fragment name to render function)"); process.exit(1); } console.log(Object.keys(m.renderers).join(", "));`,
    ],
    { stdout: "pipe", stderr: "pipe" },
  );
  if (check.exitCode !== 0)
    throw new Error(
      `the server bundle cannot be rendered from: ${check.stderr.toString().trim().split("\n").at(-1)}`,
    );
  return check.stdout.toString().trim();
}

async function buildRemote(dir: string, out: string): Promise<void> {
  const { rspack } = await import("@rspack/core");
  const config = (await import(join(dir, "rspack.config.mjs")))
    .default as import("@rspack/core").Configuration;
  config.output = { ...config.output, path: join(out, "client"), clean: true };
  config.plugins = (config.plugins ?? []).filter((p) => p?.constructor?.name !== "OneLineProgress");
  await new Promise<void>((done, fail) => {
    const compiler = rspack(config);
    compiler.run((error, stats) => {
      compiler.close(() => {});
      if (error) return fail(error);
      if (stats?.hasErrors())
        return fail(
          new Error(`the federated remote failed to build:\n${stats.toString({ all: false, errors: true })}`),
        );
      done();
    });
  });
}

/** Builds a release of `team` from `source` (default `fragments/<team>`), reporting each step. */
export async function buildRelease(
  team: string,
  source: string | undefined,
  say: (line: string) => void,
): Promise<BuiltRelease> {
  const from = resolve(source ?? join(REPO_ROOT, "fragments", team));
  if (!existsSync(join(from, "src", "server.ts")) || !existsSync(join(from, "package.json")))
    throw new Error(`${from} is not a team's fragments folder (it needs package.json and src/server.ts)`);
  const { version: packageVersion } = JSON.parse(readFileSync(join(from, "package.json"), "utf8")) as {
    version: string;
  };
  const dir = stage(team, from);
  const out = join(dir, "..", "..", "release");
  rmSync(out, { recursive: true, force: true });
  try {
    let started = performance.now();
    say(`• building ${team}'s server renderer from ${from} (Bun.build)…`);
    const names = await buildServer(dir, out);
    say(`  ✓ server bundle (renders ${names}) in ${Math.round(performance.now() - started)} ms`);
    const hasRemote = existsSync(join(dir, "rspack.config.mjs"));
    if (hasRemote) {
      started = performance.now();
      say(`• building ${team}'s federated remote (rspack)…`);
      await buildRemote(dir, out);
      say(`  ✓ federated remote in ${Math.round(performance.now() - started)} ms`);
    } else say(`  (${team} has no federated remote: server renderer only)`);
    const version = releaseVersion(packageVersion, out);
    return { team, version, dir: out, hasRemote };
  } catch (error) {
    rmSync(join(dir, "..", ".."), { recursive: true, force: true });
    throw error;
  }
}

/** Removes the staging folder a build left (after publishing). */
export function cleanStage(built: BuiltRelease): void {
  rmSync(join(built.dir, ".."), { recursive: true, force: true });
}
