/** `ops/traces-page`: recent traces, searchable by trace id and service, errors only on request. */
import { type Html, html } from "@tessera/chassis/html";
import { formatDuration, formatTime, input, opsPage, select, traceLink } from "./parts.ts";

export interface TraceSummaryView {
  traceId: string;
  root: string;
  services: string[];
  spanCount: number;
  errorCount: number;
  startedAt: string;
  durationUs: number;
}

export interface TracesPageData {
  filters: { trace_id?: string; service?: string; errors?: boolean };
  services: string[];
  traces: TraceSummaryView[];
}

export function renderTracesPage(data: TracesPageData): Html {
  const f = data.filters;
  return opsPage(
    "traces",
    "Traces",
    html`<form class="filters" method="get" action="/ops/traces" role="search" aria-label="Search traces">
${input("trace_id", "Trace id", f.trace_id)}
${select("service", "Service", data.services, f.service)}
<label>Errors only<input type="checkbox" name="errors" value="true"${f.errors ? html` checked` : ""}></label>
<button type="submit">Search</button></form>
${
  data.traces.length === 0
    ? html`<p class="empty">No traces match.</p>`
    : html`<table data-ops-table="traces"><thead><tr><th>Started</th><th>Root</th><th>Services</th><th class="num">Spans</th><th class="num">Errors</th><th class="num">Duration</th><th>Trace</th></tr></thead><tbody>
${data.traces.map(
  (t) =>
    html`<tr><td><code>${formatTime(t.startedAt)}</code></td><td>${t.root}</td><td>${t.services.join(", ")}</td><td class="num">${t.spanCount}</td><td class="num${
      t.errorCount ? " status-error" : ""
    }">${t.errorCount}</td><td class="num">${formatDuration(t.durationUs)}</td><td>${traceLink(t.traceId)}</td></tr>`,
)}
</tbody></table>`
}`,
  );
}
