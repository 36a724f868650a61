/**
 * What ops' service declares about its fragments in `GET /fragments/manifest.json`: the ops
 * pages, and the component a page holds; and the build facts of its federated remote (server side
 * only, not part of the browser bundle).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { FragmentManifest } from "@tessera/contracts/fragment-manifest";
import { AUTO_REFRESH_TAG } from "./tags.ts";

const packageJson = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  version: string;
};

/** The fragments' version, from their package.json. */
export const version: string = packageJson.version;

/** Absolute path of `fragments/ops/dist`, where rspack writes `mf-manifest.json`, `remoteEntry.js` and chunks. */
export const distDir: string = fileURLToPath(new URL("../dist", import.meta.url));

/**
 * The Module Federation remote: its container name, its manifest file (in `distDir`), and for each
 * exposed module the custom element that loading it defines.
 */
export const federation = {
  name: "tessera_ops",
  version,
  manifest: "mf-manifest.json",
  exposes: { "./auto-refresh": AUTO_REFRESH_TAG },
} as const;

const fallback = `<p class="fragment-fallback">The ops service is not answering: this page cannot be shown right now.</p>`;

/**
 * The pages; `element` is the component a page holds (inside it, not at its root), which the shell
 * hydrates when the page shows it, and `module` the federated module that defines it.
 */
export const fragments: FragmentManifest["fragments"] = {
  "logs-page": {
    endpoint: "/fragments/logs-page",
    params: ["service-filter", "level", "from", "to", "trace_id", "q"],
    fallback,
  },
  "traces-page": {
    endpoint: "/fragments/traces-page",
    params: ["trace_id", "service-filter", "errors"],
    fallback,
  },
  "trace-page": { endpoint: "/fragments/trace-page", params: ["trace_id"], fallback },
  "exceptions-page": {
    endpoint: "/fragments/exceptions-page",
    params: ["service-filter", "trace_id"],
    fallback,
  },
  "exception-page": { endpoint: "/fragments/exception-page", params: ["fingerprint"], fallback },
  "metrics-page": { endpoint: "/fragments/metrics-page", params: [], fallback },
  "audit-page": { endpoint: "/fragments/audit-page", params: ["user"], fallback },
  "health-page": {
    endpoint: "/fragments/health-page",
    params: [],
    element: AUTO_REFRESH_TAG,
    module: "ops/auto-refresh",
    fallback,
  },
};
