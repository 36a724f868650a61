/**
 * The health page's deployments section: each team's live fragment versions (active, canary,
 * previous) and the latest deployment log entries, newest first, with a link to the whole log.
 */
import { type Html, html } from "@tessera/chassis/html";
import { formatTime } from "./parts.ts";

export interface DeploymentsPartData {
  teams: {
    team: string;
    active: string;
    canary?: { version: string; share: number };
    previous: string[];
    updatedAt: string;
  }[];
  entries: {
    at: string;
    by: string;
    action: string;
    team: string;
    version?: string;
    from?: string;
    result: string;
    reason?: string;
  }[];
  error?: string;
}

const RESULT_CLASS: Record<string, string> = {
  ok: "ready-up",
  refused: "level-warn",
  failed: "status-error",
};

export function renderDeployments(data: DeploymentsPartData | undefined): Html {
  const all = html`<p>All deployments and rollbacks: the <a href="/ops/deployments">deployment log</a>.</p>`;
  if (!data) return all;
  return html`${data.error ? html`<p class="status-error">${data.error}</p>` : ""}
<h3>Release state</h3>
${
  data.teams.length === 0
    ? html`<p class="empty">No team has deployed a release: every team serves its built-in version.</p>`
    : html`<table data-ops-table="releases"><thead><tr><th>Team</th><th>Active</th><th>Canary</th><th>Previous</th><th>Changed</th></tr></thead><tbody>
${data.teams.map(
  (t) =>
    html`<tr data-team="${t.team}"><td>${t.team}</td><td><code>${t.active}</code></td><td>${
      t.canary
        ? html`<code>${t.canary.version}</code> (${t.canary.share} %)`
        : html`<span class="empty">none</span>`
    }</td><td>${t.previous.length ? t.previous.map((v, i) => html`${i ? ", " : ""}<code>${v}</code>`) : html`<span class="empty">none</span>`}</td><td><code>${formatTime(t.updatedAt)}</code></td></tr>`,
)}
</tbody></table>`
}
<h3>Latest deployment log entries</h3>
${
  data.entries.length === 0
    ? html`<p class="empty">The deployment log is empty.</p>`
    : html`<table data-ops-table="deployments"><thead><tr><th>When</th><th>Who</th><th>Action</th><th>Team</th><th>Version</th><th>Result</th></tr></thead><tbody>
${data.entries.map(
  (e) =>
    html`<tr data-action="${e.action}"><td><code>${formatTime(e.at)}</code></td><td><a href="/ops/audit?user=${encodeURIComponent(e.by)}">${e.by}</a></td><td>${e.action}</td><td>${e.team}</td><td>${
      e.version ? html`${e.from ? html`<code>${e.from}</code> → ` : ""}<code>${e.version}</code>` : ""
    }</td><td class="${RESULT_CLASS[e.result] ?? ""}">${e.result}${e.reason ? html`: ${e.reason}` : ""}</td></tr>`,
)}
</tbody></table>`
}
${all}`;
}
