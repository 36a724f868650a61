/**
 * What ops' service declares about its fragments in `GET /fragments/manifest.json`: the ops
 * pages. Plain server HTML: no custom elements, no federated remote, no JavaScript.
 */
import { readFileSync } from "node:fs";
import type { FragmentManifest } from "@tessera/contracts/fragment-manifest";

const packageJson = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  version: string;
};

/** The fragments' version, from their package.json. */
export const version: string = packageJson.version;

const fallback = `<p class="fragment-fallback">The ops service is not answering: this page cannot be shown right now.</p>`;

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
  "health-page": { endpoint: "/fragments/health-page", params: [], fallback },
};
