/**
 * Ops' page fragments (plain server HTML, never cached: they show the system now) and their
 * manifest. A bad filter in a page's query is ignored, never an error page.
 */
import { delegatedHeaders, operatorsOnly } from "@tessera/chassis/access";
import type { Db } from "@tessera/chassis/db";
import { parseInput } from "@tessera/chassis/service";
import { fragments, version } from "@tessera/ops-fragments/manifest";
import {
  type Html,
  renderAuditPage,
  renderExceptionPage,
  renderExceptionsPage,
  renderHealthPage,
  renderLogsPage,
  renderMetricsPage,
  renderTracePage,
  renderTracesPage,
} from "@tessera/ops-fragments/server";
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

/** The fragment manifest (`contracts/fragment-manifest`): no federated remote, no assets. */
export function fragmentManifest() {
  return { team: "ops", version, fragments, assets: { js: [], css: [] } };
}

function page(c: Context, markup: Html): Response {
  return c.body(markup.toString(), 200, {
    "cache-control": "no-store",
    "content-type": "text/html; charset=utf-8",
    "fragment-version": `ops@${version}`,
  });
}

const PAGE_LINES = 200;

/** The page's query; the composer sends the service filter as `service-filter` (`service` names the fragment's team). */
function pageQuery(c: Context): Record<string, string> {
  const query = c.req.query();
  const filter = query["service-filter"];
  return filter === undefined ? query : { ...query, service: filter };
}

export function fragmentRoutes(db: Db, reads: Reads): Hono {
  return (
    new Hono()
      // every page shows what only operators may see (logs, traces, audit): the composer's token says who
      .use("*", (c, next) => (c.req.path.endsWith("/manifest.json") ? next() : operatorsOnly(c, next)))
      .get("/manifest.json", (c) => c.json(fragmentManifest(), 200, { "cache-control": "public, no-cache" }))
      .get("/logs-page", async (c) => {
        const filters = parseInput(LogsPageQuery, pageQuery(c), "query");
        const [lines, services] = await Promise.all([
          reads.logs({ ...filters, limit: PAGE_LINES }),
          reads.services(),
        ]);
        return page(c, renderLogsPage({ filters, services, lines, limit: PAGE_LINES }));
      })
      .get("/traces-page", async (c) => {
        const q = parseInput(TracesPageQuery, pageQuery(c), "query");
        const [traces, services] = await Promise.all([reads.traces({ ...q, limit: 50 }), reads.services()]);
        return page(
          c,
          renderTracesPage({ filters: { ...q, errors: q.errors === "true" }, services, traces }),
        );
      })
      .get("/trace-page", async (c) => {
        const { trace_id } = parseInput(TracePageQuery, c.req.query(), "query");
        const id = (trace_id ?? "").toLowerCase();
        const trace = /^[0-9a-f]{32}$/.test(id)
          ? await reads.trace(id)
          : { traceId: id, spans: [], logCount: 0, exceptionCount: 0 };
        return page(c, renderTracePage(trace));
      })
      .get("/exceptions-page", async (c) => {
        const filters = parseInput(ExceptionsPageQuery, pageQuery(c), "query");
        const [groups, services] = await Promise.all([
          reads.exceptions({ ...filters, limit: 100 }),
          reads.services(),
        ]);
        return page(c, renderExceptionsPage({ filters, services, groups }));
      })
      .get("/exception-page", async (c) => {
        const { fingerprint } = parseInput(ExceptionPageQuery, c.req.query(), "query");
        const fp = (fingerprint ?? "").toLowerCase();
        const group = /^[0-9a-f]{16}$/.test(fp) ? await getGroup(db, fp) : undefined;
        return page(c, renderExceptionPage(group, fp));
      })
      .get("/metrics-page", async (c) => page(c, renderMetricsPage(await reads.metrics())))
      .get("/audit-page", async (c) => {
        const { user } = parseInput(AuditPageQuery, c.req.query(), "query");
        const found = await reads.audit({ user, limit: 200 }, (service) => delegatedHeaders(c, service));
        return page(c, renderAuditPage({ user, ...found }));
      })
      .get("/health-page", async (c) => page(c, renderHealthPage(await reads.health())))
  );
}
