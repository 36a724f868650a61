/**
 * The metrics page's figures: every instance's `/metrics` (Prometheus text, parsed with
 * parse-prometheus-text-format) summed into the RED view per service and route — requests,
 * errors (5xx), mean duration — and the business counters.
 */
import parsePrometheusTextFormat from "parse-prometheus-text-format";

interface ParsedFamily {
  name: string;
  type: string;
  metrics: { labels?: Record<string, string>; value?: string; count?: string; sum?: string }[];
}

export interface RedRow {
  service: string;
  method: string;
  route: string;
  requests: number;
  errors: number;
  /** Mean seconds to the response headers. */
  meanSeconds: number;
}

/**
 * The business figures shown on the page, each a sample filter on one metric family. Figures a
 * service counts in its database (every instance reports the same) take the max across
 * instances; per-process counters (the composer's) are summed.
 */
export const BUSINESS_METRICS = [
  { name: "orders_placed", label: "Orders placed", family: "checkout_orders", where: {}, across: "max" },
  {
    name: "orders_cancelled",
    label: "Orders cancelled",
    family: "checkout_orders",
    where: { state: "cancelled" },
    across: "max",
  },
  {
    name: "payment_declines",
    label: "Payment declines",
    family: "payments_attempts",
    where: { status: "declined" },
    across: "max",
  },
  {
    name: "fragment_fallbacks",
    label: "Fragment fallbacks",
    family: "composer_fragment_requests_total",
    where: { outcome: "fallback" },
    across: "sum",
  },
] as const satisfies readonly {
  name: string;
  label: string;
  family: string;
  where: Record<string, string>;
  across: "max" | "sum";
}[];

export interface MetricsSummary {
  red: RedRow[];
  business: { name: string; label: string; value: number }[];
  scraped: { service: string; instance: string; url: string; ok: boolean; error?: string }[];
}

/** Parses one exposition; throws when the text is not the Prometheus format. */
export function parseMetrics(text: string): ParsedFamily[] {
  return parsePrometheusTextFormat(text) as ParsedFamily[];
}

/** `{state="cancelled"}`, or nothing for no filter: the PromQL-style selector of a figure. */
function selector(where: Record<string, string>): string {
  const pairs = Object.entries(where).map(([k, v]) => `${k}="${v}"`);
  return pairs.length ? `{${pairs.join(",")}}` : "";
}

/** Sums the expositions of several instances into the page's figures. */
export function summarize(
  expositions: { service: string; families: ParsedFamily[] }[],
): Omit<MetricsSummary, "scraped"> {
  const red = new Map<string, RedRow & { sum: number; count: number }>();
  const business = new Map<string, number>(BUSINESS_METRICS.map((m) => [m.name, 0]));
  for (const { service, families } of expositions) {
    for (const family of families) {
      if (family.name === "http_server_requests_total") {
        for (const m of family.metrics) {
          const labels = m.labels ?? {};
          const key = `${service} ${labels.method} ${labels.route}`;
          const row = red.get(key) ?? {
            service,
            method: labels.method ?? "",
            route: labels.route ?? "",
            requests: 0,
            errors: 0,
            meanSeconds: 0,
            sum: 0,
            count: 0,
          };
          const value = Number(m.value ?? 0);
          row.requests += value;
          if (Number(labels.status) >= 500) row.errors += value;
          red.set(key, row);
        }
      } else if (family.name === "http_server_request_duration_seconds") {
        for (const m of family.metrics) {
          const labels = m.labels ?? {};
          const row = red.get(`${service} ${labels.method} ${labels.route}`);
          if (!row) continue;
          row.sum += Number(m.sum ?? 0);
          row.count += Number(m.count ?? 0);
        }
      }
      for (const metric of BUSINESS_METRICS) {
        if (family.name !== metric.family) continue;
        const where = metric.where as Record<string, string>;
        const value = family.metrics
          .filter((m) => Object.entries(where).every(([k, v]) => m.labels?.[k] === v))
          .reduce((n, m) => n + Number(m.value ?? 0), 0);
        const before = business.get(metric.name) ?? 0;
        business.set(metric.name, metric.across === "max" ? Math.max(before, value) : before + value);
      }
    }
  }
  return {
    red: [...red.values()]
      .map(({ sum, count, ...row }) => ({ ...row, meanSeconds: count ? sum / count : 0 }))
      .sort((a, b) => a.service.localeCompare(b.service) || b.requests - a.requests),
    business: BUSINESS_METRICS.map((m) => ({
      name: `${m.family}${selector(m.where)}`,
      label: m.label,
      value: business.get(m.name) ?? 0,
    })),
  };
}

/** Scrapes every target and summarises; a target that fails is listed with its error. */
export async function collectMetrics(
  targets: { service: string; instance: string; url: string }[],
  options: { timeoutMs: number; fetch?: (url: string, init?: RequestInit) => Promise<Response> },
): Promise<MetricsSummary> {
  const get = options.fetch ?? ((url: string, init?: RequestInit) => fetch(url, init));
  const results = await Promise.all(
    targets.map(async (t) => {
      try {
        const response = await get(`${t.url}/metrics`, { signal: AbortSignal.timeout(options.timeoutMs) });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return { ...t, ok: true as const, families: parseMetrics(await response.text()) };
      } catch (error) {
        return { ...t, ok: false as const, error: (error as Error).message, families: [] };
      }
    }),
  );
  return {
    ...summarize(results.map((r) => ({ service: r.service, families: r.families }))),
    scraped: results.map(({ families: _, ...r }) => r),
  };
}
