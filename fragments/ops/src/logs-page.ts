/** `ops/logs-page`: every process's log lines, searchable by service, level, time, trace id and text. */
import { type Html, html } from "@tessera/chassis/html";
import { formatTime, input, opsPage, select, traceLink } from "./parts.ts";

export interface LogLineView {
  time: string;
  service: string;
  version: string | null;
  level: string;
  msg: string;
  traceId: string | null;
  line: Record<string, unknown>;
}

export interface LogsPageData {
  filters: { service?: string; level?: string; from?: string; to?: string; trace_id?: string; q?: string };
  services: string[];
  lines: LogLineView[];
  limit: number;
}

const LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"];
const SHOWN = new Set(["time", "level", "service", "version", "msg", "trace_id", "span_id"]);

function extra(line: Record<string, unknown>): string {
  const rest = Object.fromEntries(Object.entries(line).filter(([k]) => !SHOWN.has(k)));
  return Object.keys(rest).length ? JSON.stringify(rest) : "";
}

export function renderLogsPage(data: LogsPageData): Html {
  const f = data.filters;
  return opsPage(
    "logs",
    "Logs",
    html`<form class="filters" method="get" action="/ops/logs" role="search" aria-label="Search logs">
${select("service", "Service", data.services, f.service)}
${select("level", "Level (and above)", LEVELS, f.level)}
${input("from", "From (ISO time)", f.from)}
${input("to", "To (ISO time)", f.to)}
${input("trace_id", "Trace id", f.trace_id)}
${input("q", "Text", f.q, "search")}
<button type="submit">Search</button></form>
${
  data.lines.length === 0
    ? html`<p class="empty">No log lines match.</p>`
    : html`<p>${data.lines.length === data.limit ? `The newest ${data.limit} lines` : `${data.lines.length} lines`}, newest first.</p>
<table data-ops-table="logs"><thead><tr><th>Time</th><th>Service</th><th>Level</th><th>Message</th><th>Trace</th></tr></thead><tbody>
${data.lines.map(
  (l) =>
    html`<tr data-trace-id="${l.traceId ?? ""}"><td><code>${formatTime(l.time)}</code></td><td>${l.service}${
      l.version ? html` <small>${l.version}</small>` : ""
    }</td><td class="level-${l.level}">${l.level}</td><td>${l.msg}${
      extra(l.line) ? html`<br><code>${extra(l.line)}</code>` : ""
    }</td><td>${traceLink(l.traceId)}</td></tr>`,
)}
</tbody></table>`
}`,
  );
}
