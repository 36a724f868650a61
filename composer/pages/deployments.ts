/**
 * The ops page `/ops/deployments`: each team's active, canary and previous versions, and the
 * deployment log, newest first. Plain HTML in the look of the storefront's plain pages.
 */
import { BUILT_IN, type LogEntry, type ReleaseState } from "@tessera/chassis/releases";

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f;background:#faf8f4}a{color:#1f3a2b}table{border-collapse:collapse;width:100%;margin:0 0 2rem;background:#fff}th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #e3ded3;font-size:.92rem;vertical-align:top}th{background:#f1ede4}code{font-size:.88rem}.ok{color:#1f5f3a}.refused,.failed{color:#a11d1d;font-weight:600}`;

const version = (v: string | undefined) => (v ? `<code>${escapeHtml(v)}</code>` : "");

/** The page for a state and a log (newest first). */
export function deploymentsPage(state: ReleaseState, log: LogEntry[], traceId: string): Response {
  const teams = Object.entries(state.teams).sort(([a], [b]) => a.localeCompare(b));
  const teamRows = teams
    .map(
      ([team, t]) =>
        `<tr><th scope="row">${escapeHtml(team)}</th><td>${version(t.active)}</td><td>${
          t.canary ? `${version(t.canary.version)} to ${t.canary.share}%` : "none"
        }</td><td>${t.previous.map(version).join(", ") || "none"}</td><td>${escapeHtml(t.updatedAt)}</td></tr>`,
    )
    .join("");
  const logRows = log
    .map(
      (e) =>
        `<tr><td>${escapeHtml(e.at)}</td><td>${escapeHtml(e.by)}</td><td>${escapeHtml(e.action)}</td><td>${escapeHtml(e.team)}</td><td>${version(e.version)}</td><td>${version(e.from)}</td><td class="${escapeHtml(e.result)}">${escapeHtml(e.result)}</td><td>${escapeHtml(e.reason ?? e.detail ?? "")}</td></tr>`,
    )
    .join("");
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Deployments — Tessera ops</title><meta name="trace-id" content="${escapeHtml(traceId)}"><link rel="icon" href="data:,"><style>${STYLE}</style></head><body>
<h1>Deployments</h1>
<p>Fragment releases of each team (release state revision ${state.revision}). A team not listed runs the version its service was built with (<code>${BUILT_IN}</code>).</p>
<h2>Live versions</h2>
<table><thead><tr><th scope="col">Team</th><th scope="col">Active</th><th scope="col">Canary</th><th scope="col">Previous</th><th scope="col">Changed</th></tr></thead><tbody>${
    teamRows || `<tr><td colspan="5">Nothing deployed yet.</td></tr>`
  }</tbody></table>
<h2>Deployment log</h2>
<table><thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Team</th><th scope="col">Version</th><th scope="col">From</th><th scope="col">Result</th><th scope="col">Reason</th></tr></thead><tbody>${
    logRows || `<tr><td colspan="8">No entries yet.</td></tr>`
  }</tbody></table>
<p><a href="/">Back to the shop</a></p>
</body></html>`;
  return new Response(html, {
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
  });
}
