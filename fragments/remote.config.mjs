// The rspack configuration every team's fragments build with: a Module Federation 2 remote
// (`tessera_<team>`) into the team's dist/: mf-manifest.json, remoteEntry.js and content-hashed
// chunks; every URL relative to where the manifest is served (publicPath "auto"), e.g.
// /_assets/<team>/. A team's rspack.config.mjs names only what it exposes.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { ModuleFederationPlugin } from "@module-federation/enhanced/rspack";
import { SubresourceIntegrityPlugin } from "@rspack/core";

/** Reads an installed package's package.json (lit's `exports` do not include it). */
function readPackageJson(name) {
  for (
    let dir = dirname(createRequire(import.meta.url).resolve(name));
    dir !== dirname(dir);
    dir = dirname(dir)
  ) {
    try {
      const json = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      if (json.name === name) return json;
    } catch {}
  }
  throw new Error(`package.json of ${name} not found`);
}

const lit = readPackageJson("lit");

/**
 * Every lit entry point a component may import, shared as a singleton so the page keeps the one
 * copy the shell provides (the shell loads lit after the hydration support). Each range is the one
 * lit itself depends on: lit-element is 4.x and @lit/reactive-element 2.x, not 3.x.
 */
const litRange = `^${lit.version.replace(/\.\d+$/, ".0")}`;
const singleton = (requiredVersion) => ({ singleton: true, requiredVersion });
const shared = {
  lit: singleton(litRange),
  "lit/decorators.js": singleton(litRange),
  "lit-html": singleton(lit.dependencies["lit-html"]),
  "lit-element/lit-element.js": singleton(lit.dependencies["lit-element"]),
  "@lit/reactive-element": singleton(lit.dependencies["@lit/reactive-element"]),
};

/**
 * The Module Federation runtime packages the bundler runtime of every remoteEntry requires, taken
 * from globals the shell sets (see shell/src/runtime-globals.ts) instead of bundled into each
 * remote; `@module-federation/runtime-core` is externalised by `experiments.externalRuntime`.
 */
const MF_RUNTIME_GLOBALS = {
  "@module-federation/runtime": "_TESSERA_MF_RUNTIME",
  "@module-federation/runtime/helpers": "_TESSERA_MF_RUNTIME_HELPERS",
  "@module-federation/sdk": "_TESSERA_MF_SDK",
};

/** Prints one line per build instead of rspack's stats. */
class OneLineProgress {
  constructor(team) {
    this.team = team;
  }
  apply(compiler) {
    compiler.hooks.done.tap("OneLineProgress", (stats) => {
      const {
        assets = [],
        time,
        errors = [],
      } = stats.toJson({ all: false, assets: true, timings: true, errors: true });
      const entry = assets.find((a) => a.name === "remoteEntry.js");
      const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
      console.log(
        errors.length > 0
          ? `${this.team}: build failed with ${errors.length} error(s)`
          : `${this.team}: ${assets.length} files in dist/ (remoteEntry.js ${kb(entry?.size ?? 0)}) in ${time} ms`,
      );
    });
  }
}

/**
 * Writes `dist/integrity.json` after each build: `{ "<file>": "sha384-…" }` for every script and
 * the MF manifest. The team's service serves these hashes in its fragment manifest, the composer
 * puts them in the page, and the shell sets them on the `<script>` it creates for remoteEntry.js.
 */
class IntegrityMap {
  apply(compiler) {
    compiler.hooks.afterEmit.tap("IntegrityMap", (compilation) => {
      const dir = compilation.outputOptions.path;
      const map = {};
      for (const file of readdirSync(dir).sort()) {
        if (!file.endsWith(".js") && file !== "mf-manifest.json") continue;
        const digest = createHash("sha384")
          .update(readFileSync(join(dir, file)))
          .digest("base64");
        map[file] = `sha384-${digest}`;
      }
      writeFileSync(join(dir, "integrity.json"), `${JSON.stringify(map, null, 2)}\n`);
    });
  }
}

/**
 * The remote for one team.
 * @param {{ team: string, dir: string, exposes: Record<string, string> }} options `dir` is the
 *   team's fragments folder (its `import.meta.dirname`); `exposes` maps `./name` to a source file.
 * @returns {import('@rspack/core').Configuration}
 */
export function federatedRemote({ team, dir, exposes }) {
  const name = `tessera_${team}`;
  return {
    mode: "production",
    context: dir,
    entry: {},
    target: ["web", "es2022"],
    output: {
      path: join(dir, "dist"),
      clean: true,
      publicPath: "auto",
      uniqueName: name,
      filename: "[name].[contenthash].js",
      chunkFilename: "[name].[contenthash].js",
      // chunks load with `integrity` (hashes baked into remoteEntry.js, itself checked by the page)
      crossOriginLoading: "anonymous",
    },
    resolve: { extensions: [".ts", ".js"] },
    externalsType: "global",
    externals: MF_RUNTIME_GLOBALS,
    module: {
      rules: [
        {
          test: /\.ts$/,
          loader: "builtin:swc-loader",
          options: {
            jsc: {
              parser: { syntax: "typescript" },
              target: "es2022",
              transform: { useDefineForClassFields: false },
            },
          },
          type: "javascript/auto",
        },
      ],
    },
    plugins: [
      new ModuleFederationPlugin({
        name,
        filename: "remoteEntry.js",
        manifest: true,
        dts: false,
        exposes,
        shared,
        experiments: {
          // The MF runtime comes from the shell (`globalThis._FEDERATION_RUNTIME_CORE`), not from
          // every remoteEntry: ~20 KB gzip less per remote. A remote consumes no other remote.
          externalRuntime: true,
          optimization: { disableRemote: true, target: "web" },
        },
      }),
      new SubresourceIntegrityPlugin({ hashFuncNames: ["sha384"] }),
      new IntegrityMap(),
      new OneLineProgress(team),
    ],
    stats: { all: false, errors: true, warnings: true, moduleTrace: true, errorDetails: true },
    infrastructureLogging: { level: "error" },
    performance: { hints: false },
  };
}
