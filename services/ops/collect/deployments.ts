/**
 * The fragment releases as ops shows them: each team's live versions (active, canary, previous)
 * and the deployment log, read from chassis/releases' store (the file pair in the embedded mode,
 * NATS JetStream in the distributed one). Deploy and rollback steps also join the audit log,
 * with `by` as the user. A store that cannot be read is named, never a failed page.
 */
import type { LogEntry, ReleaseStore } from "@tessera/chassis/releases";
import type { AuditItem } from "./audit.ts";

/** The service name deployment entries carry in the merged audit log. */
export const DEPLOYMENTS_SOURCE = "deployments";

export interface TeamReleaseView {
  team: string;
  active: string;
  canary?: { version: string; share: number };
  previous: string[];
  updatedAt: string;
}

export interface DeploymentsView {
  teams: TeamReleaseView[];
  /** The latest entries of the deployment log, newest first. */
  entries: LogEntry[];
  error?: string;
}

/** Each team's releases (by team name) and the newest `limit` log entries. */
export async function readDeployments(
  store: () => Promise<ReleaseStore>,
  limit: number,
): Promise<DeploymentsView> {
  try {
    const opened = await store();
    const [state, entries] = await Promise.all([opened.read(), opened.entries({ limit })]);
    const teams = Object.entries(state.teams)
      .map(([team, t]) => ({
        team,
        active: t.active,
        ...(t.canary ? { canary: t.canary } : {}),
        previous: t.previous,
        updatedAt: t.updatedAt,
      }))
      .sort((a, b) => a.team.localeCompare(b.team));
    return { teams, entries };
  } catch (error) {
    return {
      teams: [],
      entries: [],
      error: `the release store could not be read: ${(error as Error).message}`,
    };
  }
}

/** A log entry as an audit item: who (`by`), the action, the team, `from → version`, the result. */
export function deploymentAuditItem(entry: LogEntry): AuditItem {
  const versions = entry.version ? `${entry.from ? `${entry.from} → ` : ""}${entry.version}` : "";
  const detail = [
    versions,
    `${entry.result}${entry.reason ? `: ${entry.reason}` : ""}`,
    entry.detail ?? "",
  ].filter(Boolean);
  return {
    service: DEPLOYMENTS_SOURCE,
    action: entry.action,
    userId: entry.by,
    subject: `team ${entry.team}`,
    detail: detail.join(" · "),
    traceId: null,
    occurredAt: entry.at,
  };
}

/**
 * The deployment log's entries as audit items, newest first: all of them, or only those by `user`.
 * Reads at most `scan` entries of the log.
 */
export async function deploymentAudit(
  store: () => Promise<ReleaseStore>,
  query: { user?: string; limit: number },
  scan = 1000,
): Promise<{ items: AuditItem[]; error?: string }> {
  try {
    const entries = await (await store()).entries({ limit: query.user ? scan : query.limit });
    const mine = query.user ? entries.filter((e) => e.by === query.user) : entries;
    return { items: mine.slice(0, query.limit).map(deploymentAuditItem) };
  } catch (error) {
    return { items: [], error: `the deployment log could not be read: ${(error as Error).message}` };
  }
}
