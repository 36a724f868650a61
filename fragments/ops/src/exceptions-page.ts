/**
 * `ops/exceptions-page`: unhandled errors from services and browsers, grouped by fingerprint —
 * counts, first and last seen, releases and the traces of the latest occurrences — and
 * `ops/exception-page`: one group with its occurrences' stack traces.
 */
import { type Html, html } from "@tessera/chassis/html";
import { formatTime, input, opsPage, select, traceLink } from "./parts.ts";

export interface ExceptionGroupView {
  fingerprint: string;
  kind: string;
  service: string;
  type: string;
  message: string;
  topFrame: string | null;
  count: number;
  firstSeen: string;
  lastSeen: string;
  firstRelease: string;
  lastRelease: string;
  lastTraceId: string | null;
  resolvedAt: string | null;
  recentTraceIds?: string[];
}

export interface ExceptionsPageData {
  filters: { service?: string; trace_id?: string };
  services: string[];
  groups: ExceptionGroupView[];
}

export function renderExceptionsPage(data: ExceptionsPageData): Html {
  return opsPage(
    "exceptions",
    "Exceptions",
    html`<form class="filters" method="get" action="/ops/exceptions" role="search" aria-label="Search exceptions">
${select("service", "Service", data.services, data.filters.service)}
${input("trace_id", "Trace id", data.filters.trace_id)}
<button type="submit">Search</button></form>
${
  data.groups.length === 0
    ? html`<p class="empty">No exceptions match.</p>`
    : html`<table data-ops-table="exceptions"><thead><tr><th>Error</th><th>Where</th><th class="num">Count</th><th>First seen</th><th>Last seen</th><th>Release</th><th>Traces</th></tr></thead><tbody>
${data.groups.map(
  (g) =>
    html`<tr data-fingerprint="${g.fingerprint}"><td><a href="/ops/exceptions/${g.fingerprint}"><strong>${g.type}</strong>: ${g.message}</a>${
      g.resolvedAt ? html` <small>(resolved)</small>` : ""
    }</td><td>${g.kind} · ${g.service}${g.topFrame ? html`<br><code>${g.topFrame}</code>` : ""}</td><td class="num">${g.count}</td><td><code>${formatTime(
      g.firstSeen,
    )}</code></td><td><code>${formatTime(g.lastSeen)}</code></td><td>${g.lastRelease}${
      g.firstRelease !== g.lastRelease ? html` <small>(first ${g.firstRelease})</small>` : ""
    }</td><td>${(g.recentTraceIds ?? (g.lastTraceId ? [g.lastTraceId] : [])).map((t) => html`${traceLink(t)}<br>`)}</td></tr>`,
)}
</tbody></table>`
}`,
  );
}

export interface ExceptionEventView {
  occurredAt: string;
  service: string;
  release: string;
  message: string;
  stack: string | null;
  url: string | null;
  traceId: string | null;
  userAgent: string | null;
}

export function renderExceptionPage(
  group: (ExceptionGroupView & { events: ExceptionEventView[] }) | undefined,
  fp: string,
): Html {
  if (!group)
    return opsPage(
      "exceptions",
      "Exception not found",
      html`<p class="empty">No exception has the fingerprint <code>${fp}</code>.</p>`,
    );
  return opsPage(
    "exceptions",
    `${group.type}: ${group.message}`,
    html`<dl>
<dt>Fingerprint</dt><dd><code>${group.fingerprint}</code></dd>
<dt>Where</dt><dd>${group.kind} · ${group.service}${group.topFrame ? html` · <code>${group.topFrame}</code>` : ""}</dd>
<dt>Seen</dt><dd>${group.count} times, first <code>${formatTime(group.firstSeen)}</code> (${group.firstRelease}), last <code>${formatTime(group.lastSeen)}</code> (${group.lastRelease})</dd>
</dl>
<h2>Latest occurrences</h2>
<ol>${group.events.map(
      (e) =>
        html`<li><p><code>${formatTime(e.occurredAt)}</code> · ${e.service} ${e.release}${e.url ? html` · <code>${e.url}</code>` : ""} · ${traceLink(e.traceId)}${
          e.traceId ? html` · <a href="/ops/logs?trace_id=${e.traceId}">log lines</a>` : ""
        }</p><p>${e.message}</p>${e.stack ? html`<pre>${e.stack}</pre>` : ""}${e.userAgent ? html`<p><small>${e.userAgent}</small></p>` : ""}</li>`,
    )}</ol>`,
  );
}
