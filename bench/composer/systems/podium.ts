/**
 * @podium/layout under Node 20 with the podlets' manifests written by @podium/podlet (served by
 * the fragment server, whose answers carry `podlet-version`). Podium has no nesting syntax for
 * layouts: the nested page registers its 10 podlets flat. N processes through node:cluster
 * (`node-cluster.mjs`).
 */
import { fileURLToPath } from "node:url";
import { FRAGMENT_TIMEOUT_MS, flatFragments, PAGES } from "../pages.ts";
import { freePort, spawnChild } from "../process.ts";
import type { System } from "./system.ts";

export const podium: System = {
  name: "podium",
  runtime: "Node 20, @podium/layout on node:http",
  async start({ fragments, tmp, workers }) {
    const port = await freePort();
    const pages = {
      "/three": flatFragments(PAGES.three),
      "/nested": flatFragments(PAGES.nested),
      "/slow": flatFragments(PAGES.slow),
    };
    const script = fileURLToPath(new URL("./podium-server.mjs", import.meta.url));
    const cluster = fileURLToPath(new URL("./node-cluster.mjs", import.meta.url));
    const child = spawnChild("podium", ["node", cluster, script], {
      env: {
        WORKERS: String(workers),
        PORT: String(port),
        FRAGMENTS: fragments,
        PAGES: JSON.stringify(pages),
        TIMEOUT_MS: String(FRAGMENT_TIMEOUT_MS),
      },
      logFile: `${tmp}/podium.log`,
    });
    return {
      base: `http://127.0.0.1:${port}`,
      paths: { three: "/three", slow: "/slow" },
      nested: [{ path: "/nested", how: "no nesting syntax for layouts: the 10 podlets registered flat" }],
      child,
    };
  },
};
