/**
 * node-tailor under Node 20 (`node`, as its users run it), in two modes: its default (the
 * template read and parsed on every request) and with a `fetchTemplate` that caches the parsed
 * template. The first fragment of each page is `primary`, without which Tailor does not stream
 * on Node 20. N processes through node:cluster (`node-cluster.mjs`). Tailor has no nesting syntax: the nested page lists its 10 fragments flat.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { FRAGMENT_TIMEOUT_MS, flatFragments, PAGE_HEAD, PAGE_TAIL, PAGES, type Page } from "../pages.ts";
import { freePort, spawnChild } from "../process.ts";
import type { System } from "./system.ts";

function template(page: Page, fragments: string, flat: boolean): string {
  const names = flat ? flatFragments(page) : page.fragments.map((f) => f.name);
  const tags = names.map(
    (name, i) =>
      `<fragment src="${fragments}/frag/${name}" timeout="${FRAGMENT_TIMEOUT_MS}"${i === 0 ? " primary" : ""}></fragment>`,
  );
  return PAGE_HEAD + tags.join("\n") + PAGE_TAIL;
}

function tailorSystem(cached: boolean): System {
  const name = cached ? "tailor-cached" : "tailor";
  return {
    name,
    runtime: cached
      ? "Node 20, fetchTemplate caches the parsed template"
      : "Node 20, template parsed per request",
    async start({ fragments, tmp, workers }) {
      const port = await freePort();
      const templates = `${tmp}/${name}-templates`;
      mkdirSync(templates, { recursive: true });
      writeFileSync(`${templates}/three.html`, template(PAGES.three, fragments, false));
      writeFileSync(`${templates}/nested.html`, template(PAGES.nested, fragments, true));
      writeFileSync(`${templates}/slow.html`, template(PAGES.slow, fragments, false));
      const script = fileURLToPath(new URL("./tailor-server.mjs", import.meta.url));
      const cluster = fileURLToPath(new URL("./node-cluster.mjs", import.meta.url));
      const child = spawnChild(name, ["node", cluster, script], {
        env: {
          PORT: String(port),
          TEMPLATES: templates,
          TAILOR_CACHE: cached ? "1" : "0",
          WORKERS: String(workers),
        },
        logFile: `${tmp}/${name}.log`,
      });
      return {
        base: `http://127.0.0.1:${port}`,
        paths: { three: "/three", slow: "/slow" },
        nested: [{ path: "/nested", how: "no nesting syntax: the 10 fragments listed flat in the template" }],
        child,
      };
    },
  };
}

export const tailor = tailorSystem(false);
export const tailorCached = tailorSystem(true);
