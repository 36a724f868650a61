/**
 * The fragment server every system composes from, started once per run in its own Bun process:
 *
 * - `GET /frag/<name>`: the fragment's HTML, ~1 KB, `data-frag="<name>"` at its root and
 *   `end:<name>` at its end; `slow` answers after 2 s. `?nest=ssi|tessera` makes a parent include
 *   its children in that syntax; without it a parent includes nothing (flat pages list the
 *   children themselves). Every answer carries `podlet-version` (Podium checks it).
 * - `GET /frag-batch?p=/frag/<name>&t=…`: a fragment batch (`@tessera/chassis/http`), each part
 *   the same answer as `/frag/<name>`, answered here directly as the single fragments are.
 * - `GET /fragments/manifest.json`: the Tessera fragment manifest (contracts/fragment-manifest),
 *   naming the batch endpoint.
 * - `GET /podium/<name>/manifest.json`: the podlet's manifest, written by @podium/podlet; its
 *   content is `/podium/<name>/frag/<name>` (Podium resolves it against the manifest's path).
 *
 * Run: PORT=0 bun bench/composer/fragments-server.ts (prints `listening <url>`).
 */
import Podlet from "@podium/podlet";
import { type PartAnswer, serveFragmentBatch } from "@tessera/chassis/http";
import { FragmentManifest } from "@tessera/contracts/fragment-manifest";
import { allFragments, BATCH_PATH, childrenOf, SLOW, SLOW_MS } from "./pages.ts";

export const PODLET_VERSION = "1.0.0";
const FILLER =
  "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. ";

/** The include tag for a child fragment in each nesting syntax. */
const INCLUDE: Record<string, (child: string) => string> = {
  ssi: (child) => `<!--# include virtual="/f/${child}" -->`,
  tessera: (child) => `<tessera-fragment service="catalog" name="${child}"></tessera-fragment>`,
};

/** A fragment's HTML, padded to ~1 KB before any include tags. */
export function fragmentHtml(name: string, nest?: string): string {
  const open = `<section class="frag" data-frag="${name}"><h2>Fragment ${name}</h2><p>`;
  const end = `<i>end:${name}</i></section>\n`;
  const close = `</p>${end}`;
  let pad = "";
  while (open.length + pad.length + close.length < 1024) pad += FILLER;
  pad = pad.slice(0, 1024 - open.length - close.length);
  const include = nest ? INCLUDE[nest] : undefined;
  const children = include ? childrenOf(name).map(include).join("") : "";
  return `${open}${pad}</p>${children}${end}`;
}

function tesseraManifest(): FragmentManifest {
  const fragments = Object.fromEntries(
    allFragments().map((name) => [name, { endpoint: `/frag/${name}`, params: ["nest"], fallback: "" }]),
  );
  return FragmentManifest.parse({
    team: "bench",
    version: PODLET_VERSION,
    fragments,
    batch: BATCH_PATH,
    assets: {},
  });
}

function podletManifests(): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of allFragments()) {
    const podlet = new Podlet({ name, version: PODLET_VERSION, pathname: "/", content: `/frag/${name}` });
    out.set(name, JSON.stringify(podlet));
  }
  return out;
}

/** Serves the fragments on `port` (0: a free one). */
export function startFragmentServer(port: number) {
  const json = { "content-type": "application/json" };
  const html = { "content-type": "text/html; charset=utf-8", "podlet-version": PODLET_VERSION };
  const tessera = JSON.stringify(tesseraManifest());
  const podlets = podletManifests();
  const bodies = new Map<string, string>();
  for (const name of allFragments())
    for (const nest of ["", ...Object.keys(INCLUDE)]) bodies.set(`${name}|${nest}`, fragmentHtml(name, nest));

  /** A fragment answered as a batch's part: the same body and headers as on its own. */
  const part = (path: string): PartAnswer | Promise<PartAnswer> => {
    const query = path.indexOf("?");
    const name = path.slice(6, query < 0 ? undefined : query);
    const nest = query < 0 ? "" : (new URLSearchParams(path.slice(query + 1)).get("nest") ?? "");
    const body = bodies.get(`${name}|${nest}`);
    if (!body) return { status: 404, headers: {}, body: "no such fragment" };
    const answer = { status: 200, headers: html, body };
    return name === SLOW ? Bun.sleep(SLOW_MS).then(() => answer) : answer;
  };
  const batch = { part, allows: (path: string) => path.startsWith("/frag/") };
  async function serve(request: Request): Promise<Response> {
    const url = new URL(request.url);
    // A podlet's content path is resolved against its manifest's: /podium/<name>/frag/<name>.
    const path = url.pathname.replace(/^\/podium\/[a-z0-9]+(?=\/frag\/)/, "");
    if (path.startsWith("/frag/")) {
      const name = path.slice(6);
      const body = bodies.get(`${name}|${url.searchParams.get("nest") ?? ""}`);
      if (!body) return new Response("no such fragment", { status: 404 });
      if (name === SLOW) await Bun.sleep(SLOW_MS);
      return new Response(body, { headers: html });
    }
    if (path === "/fragments/manifest.json") return new Response(tessera, { headers: json });
    const podlet = /^\/podium\/([a-z0-9]+)\/manifest\.json$/.exec(path);
    if (podlet) {
      const manifest = podlets.get(podlet[1] as string);
      return manifest ? new Response(manifest, { headers: json }) : new Response("", { status: 404 });
    }
    if (path === "/health") return new Response("ok");
    if (path === BATCH_PATH) return serveFragmentBatch(request, batch);
    return new Response("not found", { status: 404 });
  }
  return Bun.serve({ port, hostname: "127.0.0.1", idleTimeout: 60, fetch: serve });
}

if (import.meta.main) {
  const server = startFragmentServer(Number(process.env.PORT ?? 0));
  console.log(`listening http://127.0.0.1:${server.port}`);
  process.on("SIGTERM", () => {
    server.stop(true);
    process.exit(0);
  });
}
