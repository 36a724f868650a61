/** `ops/metrics-page`: the business counters and the RED figures per service and route. */
import { type Html, html } from "@tessera/chassis/html";
import { opsPage } from "./parts.ts";

export interface MetricsPageData {
  business: { name: string; label: string; value: number }[];
  red: {
    service: string;
    method: string;
    route: string;
    requests: number;
    errors: number;
    meanSeconds: number;
  }[];
  scraped: { service: string; instance: string; url: string; ok: boolean; error?: string }[];
}

export function renderMetricsPage(data: MetricsPageData): Html {
  const failed = data.scraped.filter((s) => !s.ok);
  return opsPage(
    "metrics",
    "Metrics",
    html`<p>Summed over ${data.scraped.length - failed.length} scraped processes since they started. Prometheus scrapes the same <code>/metrics</code> endpoints.</p>
${failed.map((s) => html`<p class="status-error">Could not scrape ${s.service} at <code>${s.url}</code>: ${s.error}</p>`)}
<h2>Business</h2>
<div class="cards">${data.business.map(
      (b) =>
        html`<div class="card" data-metric="${b.name}"><span>${b.label}</span><strong>${b.value}</strong><code>${b.name}</code></div>`,
    )}</div>
<h2>Requests, errors, duration</h2>
${
  data.red.length === 0
    ? html`<p class="empty">No requests counted yet.</p>`
    : html`<table data-ops-table="red"><thead><tr><th>Service</th><th>Route</th><th class="num">Requests</th><th class="num">Errors (5xx)</th><th class="num">Mean duration</th></tr></thead><tbody>
${data.red.map(
  (r) =>
    html`<tr><td>${r.service}</td><td><code>${r.method} ${r.route}</code></td><td class="num">${r.requests}</td><td class="num${
      r.errors ? " status-error" : ""
    }">${r.errors}</td><td class="num">${(r.meanSeconds * 1000).toFixed(1)} ms</td></tr>`,
)}
</tbody></table>`
}`,
  );
}
