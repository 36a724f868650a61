/**
 * The audit log across services: each service that owns actions keeps its own append-only log
 * and answers `GET /ops/audit?user=` to operators; ops asks one instance of every registered
 * service on the operator's behalf (with the token the composer delegated for that service) and
 * merges the answers by time. A service without an audit log (404) is skipped, and so is one
 * that refuses the user filter as malformed (422: its ids look different, so it has no entries
 * for that user, e.g. a deployer's name); one that fails is named in `errors`.
 */
import type { ServiceInstance } from "@tessera/chassis/registry";

export interface AuditItem {
  service: string;
  action: string;
  userId: string | null;
  subject: string | null;
  detail: string | null;
  traceId: string | null;
  occurredAt: string;
}

export async function collectAudit(
  instances: ServiceInstance[],
  query: { user?: string; limit: number },
  options: {
    timeoutMs: number;
    /** The operator's identity for `service` (the token the composer delegated for it). */
    headersFor?: (service: string) => Record<string, string>;
    fetch?: (url: string, init?: RequestInit) => Promise<Response>;
  },
): Promise<AuditResult> {
  const get = options.fetch ?? ((url: string, init?: RequestInit) => fetch(url, init));
  const one = new Map<string, ServiceInstance>();
  for (const i of instances) if (!one.has(i.name)) one.set(i.name, i);
  const search = new URLSearchParams({ limit: String(query.limit) });
  if (query.user) search.set("user", query.user);
  const items: AuditItem[] = [];
  const sources: string[] = [];
  const errors: { service: string; error: string }[] = [];
  await Promise.all(
    [...one.values()].map(async (instance) => {
      try {
        const response = await get(`${instance.url}/ops/audit?${search}`, {
          headers: options.headersFor?.(instance.name) ?? {},
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        if (response.status === 404 || (query.user && response.status === 422)) {
          await response.body?.cancel();
          return;
        }
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const body = (await response.json()) as { items?: Partial<AuditItem>[] };
        sources.push(instance.name);
        for (const item of body.items ?? [])
          items.push({
            service: instance.name,
            action: String(item.action ?? ""),
            userId: item.userId ?? null,
            subject: item.subject ?? null,
            detail: item.detail ?? null,
            traceId: item.traceId ?? null,
            occurredAt: String(item.occurredAt ?? ""),
          });
      } catch (error) {
        errors.push({ service: instance.name, error: (error as Error).message });
      }
    }),
  );
  items.sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));
  return { items: items.slice(0, query.limit), sources: sources.sort(), errors };
}

export interface AuditResult {
  items: AuditItem[];
  sources: string[];
  errors: { service: string; error: string }[];
}

/** Adds another source's items (newest first by time, at most `limit`); an unreadable source is named. */
export function mergeAudit(
  result: AuditResult,
  other: { source: string; items: AuditItem[]; error?: string; limit: number },
): AuditResult {
  if (other.error)
    return { ...result, errors: [...result.errors, { service: other.source, error: other.error }] };
  const items = [...result.items, ...other.items].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));
  return {
    items: items.slice(0, other.limit),
    sources: [...result.sources, other.source].sort(),
    errors: result.errors,
  };
}
