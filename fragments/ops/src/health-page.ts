/**
 * `ops/health-page`: every instance in the registry with its version and readiness (each
 * dependency), the composer's circuit breakers, each team's release state and the latest
 * deployment log entries — inside `<ops-auto-refresh>`: a "Refresh" link without JavaScript, an
 * auto-refresh toggle once hydrated.
 */
import { type Html, html } from "@tessera/chassis/html";
import { autoRefresh } from "./components.ts";
import { type DeploymentsPartData, renderDeployments } from "./deployments-part.ts";
import { opsPage } from "./parts.ts";

export interface InstanceView {
  id: string;
  name: string;
  version: string;
  url: string;
  health: string;
  ready: string;
  checks: Record<string, { status: string; error?: string }>;
  error?: string;
}

export interface HealthPageData {
  instances: InstanceView[];
  breakers: { instance: string; service: string; url: string; state: string }[];
  breakersError?: string;
  /** The fragment releases' state and the latest deployment log entries (only the link without it). */
  deployments?: DeploymentsPartData;
}

export function renderHealthPage(data: HealthPageData): Html {
  return opsPage(
    "health",
    "Health",
    autoRefresh(
      html`<h2>Instances</h2>
${
  data.instances.length === 0
    ? html`<p class="empty">No instance is registered.</p>`
    : html`<table data-ops-table="instances"><thead><tr><th>Service</th><th>Version</th><th>URL</th><th>Registry</th><th>Ready</th><th>Checks</th></tr></thead><tbody>
${data.instances.map(
  (i) =>
    html`<tr data-service="${i.name}"><td>${i.name}<br><small><code>${i.id}</code></small></td><td>${i.version}</td><td><code>${i.url}</code></td><td>${i.health}</td><td class="ready-${i.ready}">${i.ready}${
      i.error ? html`<br><small>${i.error}</small>` : ""
    }</td><td>${Object.entries(i.checks).map(
      ([name, c]) =>
        html`${name}: <span class="ready-${c.status}">${c.status}</span>${c.error ? html` (${c.error})` : ""}<br>`,
    )}</td></tr>`,
)}
</tbody></table>`
}
<h2>Circuit breakers (composer)</h2>
${data.breakersError ? html`<p class="status-error">${data.breakersError}</p>` : ""}
${
  data.breakers.length === 0
    ? html`<p class="empty">No breaker has been used yet.</p>`
    : html`<table data-ops-table="breakers"><thead><tr><th>Service</th><th>Instance</th><th>State</th></tr></thead><tbody>
${data.breakers.map(
  (b) =>
    html`<tr><td>${b.service}</td><td><code>${b.instance}</code> <small>${b.url}</small></td><td class="state-${b.state}">${b.state}</td></tr>`,
)}
</tbody></table>`
}
<h2>Deployments</h2>
${renderDeployments(data.deployments)}`,
      { href: "/ops/health", region: "health" },
    ),
  );
}
