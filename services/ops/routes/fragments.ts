/**
 * Ops' page fragments (server HTML holding ops' Lit components; never cached: they show the
 * system now), their manifest and the federated remote's assets for the shell. The built-in
 * version renders in process, a deployed release the composer asks for in its own worker
 * (`tessera deploy ops`). A bad filter in a page's query is ignored, never an error page.
 */
import { delegatedHeaders, operatorsOnly } from "@tessera/chassis/access";
import type { Db } from "@tessera/chassis/db";
import { FRAGMENT_BATCH_PATH } from "@tessera/chassis/http";
import {
  fragmentReleasesOf,
  manifestFederation,
  remoteAssetRoutes,
  remoteScripts,
} from "@tessera/chassis/releases";
import { parseInput } from "@tessera/chassis/service";
import { distDir, federation, fragments } from "@tessera/ops-fragments/manifest";
import { renderers } from "@tessera/ops-fragments/server";
import { type Context, Hono } from "hono";
import { getGroup } from "../store/exceptions.ts";
import {
  AuditPageQuery,
  ExceptionPageQuery,
  ExceptionsPageQuery,
  LogsPageQuery,
  TracePageQuery,
  TracesPageQuery,
} from "./queries.ts";
import type { Reads } from "./reads.ts";

/** The built-in version renders in process; a release the composer asks for, in its own worker. */
export const fragmentReleases = fragmentReleasesOf({ team: "ops", version: federation.version, renderers });

/** The fragment manifest (`contracts/fragment-manifest`): endpoints, fallbacks, the remote and its scripts. */
export async function fragmentManifest() {
  return {
    team: "ops",
    version: federation.version,
    fragments,
    batch: FRAGMENT_BATCH_PATH,
    federation: manifestFederation("ops", federation),
    assets: { js: await remoteScripts(distDir), css: [] },
  };
}

/** Renders page `name` in the version the request asks for; never cached. */
async function page<N extends keyof typeof renderers>(
  c: Context,
  name: N,
  data: Parameters<(typeof renderers)[N]>[0],
): Promise<Response> {
  const releases = fragmentReleases();
  const version = releases.select(c.req.raw);
  return c.body(
    await releases.render(version, name, data),
    200,
    releases.htmlHeaders(version, { cacheControl: "no-store" }),
  );
}

const PAGE_LINES = 200;

/** The page's query; the composer sends the service filter as `service-filter` (`service` names the fragment's team). */
function pageQuery(c: Context): Record<string, string> {
  const query = c.req.query();
  const filter = query["service-filter"];
  return filter === undefined ? query : { ...query, service: filter };
}

export function fragmentRoutes(db: Db, reads: Reads): Hono {
  let manifest: ReturnType<typeof fragmentManifest> | undefined;
  return (
    new Hono()
      // every page shows what only operators may see (logs, traces, audit): the composer's token says who
      .use("*", (c, next) => (c.req.path.endsWith("/manifest.json") ? next() : operatorsOnly(c, next)))
      .get("/manifest.json", async (c) => {
        manifest ??= fragmentManifest();
        return c.json(await manifest, 200, { "cache-control": "public, no-cache" });
      })
      .get("/logs-page", async (c) => {
        const filters = parseInput(LogsPageQuery, pageQuery(c), "query");
        const [lines, services] = await Promise.all([
          reads.logs({ ...filters, limit: PAGE_LINES }),
          reads.services(),
        ]);
        return page(c, "logs-page", { filters, services, lines, limit: PAGE_LINES });
      })
      .get("/traces-page", async (c) => {
        const q = parseInput(TracesPageQuery, pageQuery(c), "query");
        const [traces, services] = await Promise.all([reads.traces({ ...q, limit: 50 }), reads.services()]);
        return page(c, "traces-page", { filters: { ...q, errors: q.errors === "true" }, services, traces });
      })
      .get("/trace-page", async (c) => {
        const { trace_id } = parseInput(TracePageQuery, c.req.query(), "query");
        const id = (trace_id ?? "").toLowerCase();
        const trace = /^[0-9a-f]{32}$/.test(id)
          ? await reads.trace(id)
          : { traceId: id, spans: [], logCount: 0, exceptionCount: 0 };
        return page(c, "trace-page", trace);
      })
      .get("/exceptions-page", async (c) => {
        const filters = parseInput(ExceptionsPageQuery, pageQuery(c), "query");
        const [groups, services] = await Promise.all([
          reads.exceptions({ ...filters, limit: 100 }),
          reads.services(),
        ]);
        return page(c, "exceptions-page", { filters, services, groups });
      })
      .get("/exception-page", async (c) => {
        const { fingerprint } = parseInput(ExceptionPageQuery, c.req.query(), "query");
        const fp = (fingerprint ?? "").toLowerCase();
        const group = /^[0-9a-f]{16}$/.test(fp) ? await getGroup(db, fp) : undefined;
        return page(c, "exception-page", { group, fingerprint: fp });
      })
      .get("/metrics-page", async (c) => page(c, "metrics-page", await reads.metrics()))
      .get("/audit-page", async (c) => {
        const { user } = parseInput(AuditPageQuery, c.req.query(), "query");
        const found = await reads.audit({ user, limit: 200 }, (service) => delegatedHeaders(c, service));
        return page(c, "audit-page", { user, ...found });
      })
      .get("/health-page", async (c) => page(c, "health-page", await reads.health()))
  );
}

/** `GET /assets/*`: the federated remote built into `fragments/ops/dist`, a deployed release's under `releases/<version>/`. */
export function assetRoutes(): Hono {
  return remoteAssetRoutes(fragmentReleases, distDir);
}
