// Builds explore's components as a Module Federation 2 remote (`tessera_explore`).
// Output (dist/): mf-manifest.json, remoteEntry.js and content-hashed chunks; every URL is
// relative to where the manifest is served (publicPath "auto"), e.g. /_assets/explore/.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ModuleFederationPlugin } from "@module-federation/enhanced/rspack";

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

/** Prints one line per build instead of rspack's stats. */
class OneLineProgress {
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
          ? `explore: build failed with ${errors.length} error(s)`
          : `explore: ${assets.length} files in dist/ (remoteEntry.js ${kb(entry?.size ?? 0)}) in ${time} ms`,
      );
    });
  }
}

/** @type {import('@rspack/core').Configuration} */
export default {
  mode: "production",
  context: fileURLToPath(new URL(".", import.meta.url)),
  entry: {},
  target: ["web", "es2022"],
  output: {
    path: fileURLToPath(new URL("./dist", import.meta.url)),
    clean: true,
    publicPath: "auto",
    uniqueName: "tessera_explore",
    filename: "[name].[contenthash].js",
    chunkFilename: "[name].[contenthash].js",
  },
  resolve: { extensions: [".ts", ".js"] },
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
      name: "tessera_explore",
      filename: "remoteEntry.js",
      manifest: true,
      dts: false,
      exposes: { "./store-picker": "./src/index.ts" },
      shared,
    }),
    new OneLineProgress(),
  ],
  stats: { all: false, errors: true, warnings: true, moduleTrace: true, errorDetails: true },
  infrastructureLogging: { level: "error" },
  performance: { hints: false },
};
