/**
 * The ops API, under `/ops/api/` (the composer forwards `/ops/api/*` here, so one guard on
 * `/ops/` covers the pages and the API): logs, traces, exceptions, metrics, audit and health as JSON.
 */
import { delegatedHeaders } from "@tessera/chassis/access";
import type { Db } from "@tessera/chassis/db";
import { AppError } from "@tessera/chassis/errors";
import { parseInput } from "@tessera/chassis/service";
import { Hono } from "hono";
import { getGroup, resolveGroup } from "../store/exceptions.ts";
import {
  AuditQuery,
  ExceptionsQuery,
  FingerprintPath,
  LogsQuery,
  TracePath,
  TracesQuery,
} from "./queries.ts";
import type { Reads } from "./reads.ts";

const NO_STORE = { "cache-control": "no-store" };

export function apiRoutes(db: Db, reads: Reads): Hono {
  return new Hono()
    .get("/logs", async (c) => {
      const q = parseInput(LogsQuery, c.req.query(), "query");
      return c.json({ items: await reads.logs(q) }, 200, NO_STORE);
    })
    .get("/traces", async (c) => {
      const q = parseInput(TracesQuery, c.req.query(), "query");
      return c.json({ items: await reads.traces(q) }, 200, NO_STORE);
    })
    .get("/traces/:traceId", async (c) => {
      const { traceId } = parseInput(TracePath, c.req.param(), "path", "not_found");
      const trace = await reads.trace(traceId);
      if (trace.spans.length === 0)
        throw new AppError("not_found", `No spans of trace ${traceId} have arrived`);
      return c.json(trace, 200, NO_STORE);
    })
    .get("/exceptions", async (c) => {
      const q = parseInput(ExceptionsQuery, c.req.query(), "query");
      return c.json({ items: await reads.exceptions(q) }, 200, NO_STORE);
    })
    .get("/exceptions/:fingerprint", async (c) => {
      const { fingerprint } = parseInput(FingerprintPath, c.req.param(), "path", "not_found");
      const group = await getGroup(db, fingerprint);
      if (!group) throw new AppError("not_found", `No exception has the fingerprint ${fingerprint}`);
      return c.json(group, 200, NO_STORE);
    })
    .post("/exceptions/:fingerprint/resolve", async (c) => {
      const { fingerprint } = parseInput(FingerprintPath, c.req.param(), "path", "not_found");
      if (!(await resolveGroup(db, fingerprint)))
        throw new AppError("not_found", `No exception has the fingerprint ${fingerprint}`);
      return c.json({ fingerprint, resolved: true }, 200, NO_STORE);
    })
    .get("/metrics", async (c) => c.json(await reads.metrics(), 200, NO_STORE))
    .get("/audit", async (c) => {
      const q = parseInput(AuditQuery, c.req.query(), "query");
      return c.json(await reads.audit(q, (service) => delegatedHeaders(c, service)), 200, NO_STORE);
    })
    .get("/health", async (c) => c.json(await reads.health(), 200, NO_STORE));
}
