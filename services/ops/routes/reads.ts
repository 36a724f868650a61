/** What the API and the pages both read: one function per view, over ops' database and the live system. */
import type { Db } from "@tessera/chassis/db";
import type { ReleaseStore } from "@tessera/chassis/releases";
import { count, eq } from "drizzle-orm";
import { collectAudit, mergeAudit } from "../collect/audit.ts";
import {
  DEPLOYMENTS_SOURCE,
  type DeploymentsView,
  deploymentAudit,
  readDeployments,
} from "../collect/deployments.ts";
import type { SystemView } from "../collect/instances.ts";
import { collectMetrics } from "../collect/metrics.ts";
import { exceptionEvents, logLines } from "../db/schema.ts";
import { LEVEL_NUMBERS } from "../ingest/logs.ts";
import { listGroups } from "../store/exceptions.ts";
import { logServices, searchLogs } from "../store/logs.ts";
import { getTrace, listTraces } from "../store/spans.ts";

export interface Reads {
  logs(q: {
    service?: string;
    level?: keyof typeof LEVEL_NUMBERS;
    from?: string;
    to?: string;
    trace_id?: string;
    q?: string;
    limit: number;
  }): ReturnType<typeof searchLogs>;
  services(): Promise<string[]>;
  traces(q: {
    trace_id?: string;
    service?: string;
    errors?: string;
    limit: number;
  }): ReturnType<typeof listTraces>;
  trace(traceId: string): Promise<{
    traceId: string;
    spans: Awaited<ReturnType<typeof getTrace>>;
    logCount: number;
    exceptionCount: number;
  }>;
  exceptions(q: { service?: string; trace_id?: string; limit: number }): ReturnType<typeof listGroups>;
  metrics(): ReturnType<typeof collectMetrics>;
  audit(
    q: { user?: string; limit: number },
    headersFor?: (service: string) => Record<string, string>,
  ): ReturnType<typeof collectAudit>;
  health(): Promise<{
    instances: Awaited<ReturnType<SystemView["health"]>>;
    breakers: Awaited<ReturnType<SystemView["breakers"]>>["breakers"];
    breakersError?: string;
    /** Each team's live versions and the latest deployment log entries. */
    deployments: DeploymentsView;
  }>;
}

/** How many deployment log entries the health page shows inline. */
export const HEALTH_DEPLOYMENTS = 20;

export function createReads(
  db: Db,
  system: SystemView,
  timeoutMs: number,
  releases: () => Promise<ReleaseStore>,
): Reads {
  return {
    logs: (q) =>
      searchLogs(db, {
        service: q.service,
        minLevel: q.level ? LEVEL_NUMBERS[q.level] : undefined,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
        traceId: q.trace_id,
        text: q.q,
        limit: q.limit,
      }),
    services: () => logServices(db),
    traces: (q) =>
      listTraces(db, {
        traceId: q.trace_id,
        service: q.service,
        errorsOnly: q.errors === "true",
        limit: q.limit,
      }),
    async trace(traceId) {
      const spans = await getTrace(db, traceId);
      const [logs] = await db.select({ n: count() }).from(logLines).where(eq(logLines.traceId, traceId));
      const [exceptions] = await db
        .select({ n: count() })
        .from(exceptionEvents)
        .where(eq(exceptionEvents.traceId, traceId));
      return { traceId, spans, logCount: Number(logs?.n ?? 0), exceptionCount: Number(exceptions?.n ?? 0) };
    },
    exceptions: (q) => listGroups(db, { service: q.service, traceId: q.trace_id, limit: q.limit }),
    metrics: async () => collectMetrics(await system.scrapeTargets(), { timeoutMs }),
    async audit(q, headersFor) {
      const [services, deployments] = await Promise.all([
        collectAudit(await system.instances(), q, { timeoutMs, headersFor }),
        deploymentAudit(releases, q),
      ]);
      return mergeAudit(services, {
        source: DEPLOYMENTS_SOURCE,
        items: deployments.items,
        error: deployments.error,
        limit: q.limit,
      });
    },
    async health() {
      const [instances, breakers, deployments] = await Promise.all([
        system.health(),
        system.breakers(),
        readDeployments(releases, HEALTH_DEPLOYMENTS),
      ]);
      return { instances, breakers: breakers.breakers, breakersError: breakers.error, deployments };
    },
  };
}
