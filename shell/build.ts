/**
 * Builds the shell for browsers: `dist/shell.js` (stable name, production lit) and
 * `dist/shell-manifest.json` with its SRI integrity. Run: `bun shell/build.ts`.
 */
import { createHash } from "node:crypto";
import { rm } from "node:fs/promises";
import { dirname, join } from "node:path";

const root = import.meta.dir;
const outdir = join(root, "dist");

/** Version of an installed package, found by walking up from its resolved entry (lit does not export package.json). */
async function installedVersion(name: string): Promise<string> {
  for (let dir = dirname(Bun.resolveSync(name, root)); dir !== dirname(dir); dir = dirname(dir)) {
    const file = Bun.file(join(dir, "package.json"));
    if (!(await file.exists())) continue;
    const json = (await file.json()) as { name?: string; version: string };
    if (json.name === name) return json.version;
  }
  throw new Error(`package.json of ${name} not found`);
}

const litPackages = ["lit", "lit-html", "lit-element", "@lit/reactive-element"] as const;
const litVersions = Object.fromEntries(
  await Promise.all(litPackages.map(async (name) => [name, await installedVersion(name)])),
);

await rm(outdir, { recursive: true, force: true });
const result = await Bun.build({
  entrypoints: [join(root, "src/index.ts")],
  outdir,
  target: "browser",
  format: "esm",
  minify: true,
  sourcemap: "linked",
  naming: { entry: "shell.js", chunk: "[name]-[hash].js", asset: "[name]-[hash].[ext]" },
  define: {
    // Also what makes Bun.build drop the `development` export condition (lit's dev build);
    // `conditions: ["production"]` alone does not.
    "process.env.NODE_ENV": JSON.stringify("production"),
    __TESSERA_LIT_VERSIONS__: JSON.stringify(litVersions),
    __TESSERA_SHELL_VERSION__: JSON.stringify(
      ((await Bun.file(join(root, "package.json")).json()) as { version: string }).version,
    ),
  },
});
if (!result.success) {
  for (const log of result.logs) console.error(log);
  process.exit(1);
}

const entry = result.outputs.find((output) => output.kind === "entry-point");
if (!entry) throw new Error("Bun.build produced no entry point");
const bytes = new Uint8Array(await entry.arrayBuffer());
const integrity = `sha384-${createHash("sha384").update(bytes).digest("base64")}`;
await Bun.write(
  join(outdir, "shell-manifest.json"),
  `${JSON.stringify({ entry: "shell.js", integrity }, null, 2)}\n`,
);

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
console.log(
  `shell: dist/shell.js ${kb(bytes.length)} (${kb(Bun.gzipSync(bytes).length)} gzip), lit ${litVersions.lit}`,
);
