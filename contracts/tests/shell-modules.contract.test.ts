/**
 * The shell → team edges: every federated module the shell is asked to load (a fragment manifest
 * entry's `module`, a component's `tessera:region-requested` `{ module, element }`), found by the
 * scanner (`shellModules()` in edges/scan.ts), checked against the team's BUILT remote and its
 * source:
 *
 * - `fragments/<team>/dist/mf-manifest.json` (written by `bun scripts/build.ts`, which the test
 *   tier runs first) is the team's container (`federation.name`) and exposes `./<expose>`, with
 *   its script files in dist/;
 * - the team's own `federation.exposes` maps `./<expose>` to the element the shell was told;
 * - importing the exposed source (the file its rspack.config.mjs builds it from; Lit's node build
 *   under Bun, in a fresh process) defines that custom element, with a class the module exports.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, remoteExposes, scanEdges, shellModules } from "../edges/scan.ts";

interface MfManifest {
  metaData: { name: string };
  exposes: { name: string; path: string; assets: { js: { sync: string[] } } }[];
}

const modules = shellModules();

/** Imports a module (argv[1]) and prints whether it defined the element (argv[2]) with a class it exports. */
const IMPORT_PROBE = `
const [file, element] = process.argv.slice(-2);
const before = Boolean(globalThis.customElements?.get(element));
const exports = await import(file);
const defined = customElements.get(element);
console.log(JSON.stringify({ before, defined: Boolean(defined), exported: Object.values(exports).includes(defined) }));
`;

/** The team's built Module Federation manifest; a missing build fails naming the command. */
function builtManifest(team: string): MfManifest {
  const file = join(ROOT, "fragments", team, "dist", "mf-manifest.json");
  if (!existsSync(file))
    throw new Error(
      `fragments/${team}/dist/mf-manifest.json is missing: build the remotes first with \`bun scripts/build.ts\``,
    );
  return JSON.parse(readFileSync(file, "utf8")) as MfManifest;
}

describe("shell → team: federated modules", () => {
  test("the scanner - finds the manifest modules and the client-only regions, each an inventory edge", () => {
    const names = modules.map((m) => m.module);
    for (const known of ["catalog/product-card", "catalog/quick-view", "checkout/mini-cart-popover"])
      expect(names).toContain(known);
    const edges = scanEdges().filter((e) => e.type === "module");
    expect(edges.map((e) => `${e.consumer}->${e.provider}:${e.what}`).sort()).toEqual(
      modules.map((m) => `shell->${m.team}:${m.module}`).sort(),
    );
  });

  for (const m of modules)
    describe(`${m.module} → <${m.element}> (named in ${m.found.join(", ")})`, () => {
      test("the built remote - exposes it under that name, its scripts in dist/", async () => {
        const built = builtManifest(m.team);
        const { federation } = (await import(join(ROOT, "fragments", m.team, "src", "manifest.ts"))) as {
          federation: { name: string; exposes: Record<string, string> };
        };
        expect(built.metaData.name).toBe(federation.name);
        const exposed = built.exposes.find((e) => e.path === `./${m.expose}`);
        if (!exposed)
          throw new Error(
            `${federation.name} (fragments/${m.team}/dist) exposes ${built.exposes.map((e) => e.path).join(", ")}, not ./${m.expose}`,
          );
        expect(exposed.name).toBe(m.expose);
        expect(exposed.assets.js.sync.length).toBeGreaterThan(0);
        for (const script of exposed.assets.js.sync)
          expect(existsSync(join(ROOT, "fragments", m.team, "dist", script))).toBe(true);
        expect(federation.exposes[`./${m.expose}` as keyof typeof federation.exposes]).toBe(m.element);
      });

      test(`the exposed source - importing it defines <${m.element}>`, async () => {
        const source = remoteExposes(m.team).get(m.expose);
        if (!source) throw new Error(`fragments/${m.team}/rspack.config.mjs does not expose ./${m.expose}`);
        // a fresh Bun process: no other test file has defined the element already
        const probe = Bun.spawnSync({
          cmd: [process.execPath, "--eval", IMPORT_PROBE, join(ROOT, source), m.element],
          cwd: ROOT,
          stdout: "pipe",
          stderr: "pipe",
        });
        if (probe.exitCode !== 0) throw new Error(`importing ${source} failed: ${probe.stderr.toString()}`);
        const seen = JSON.parse(probe.stdout.toString().trim().split("\n").at(-1) ?? "{}");
        expect({ source, ...seen }).toEqual({ source, before: false, defined: true, exported: true });
      });
    });
});
