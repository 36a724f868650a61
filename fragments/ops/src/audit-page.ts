/** `ops/audit-page`: who did what and when, from every service's append-only audit log, by user. */
import { type Html, html } from "@tessera/chassis/html";
import { formatTime, input, opsPage, traceLink } from "./parts.ts";

export interface AuditItemView {
  service: string;
  action: string;
  userId: string | null;
  subject: string | null;
  detail: string | null;
  traceId: string | null;
  occurredAt: string;
}

export interface AuditPageData {
  user?: string;
  items: AuditItemView[];
  sources: string[];
  errors: { service: string; error: string }[];
}

export function renderAuditPage(data: AuditPageData): Html {
  return opsPage(
    "audit",
    "Audit log",
    html`<form class="filters" method="get" action="/ops/audit" role="search" aria-label="Search the audit log">
${input("user", "User id", data.user)}
<button type="submit">Search</button></form>
<p>From the audit logs of ${data.sources.length ? data.sources.join(", ") : "no service"}.</p>
${data.errors.map((e) => html`<p class="status-error">${e.service} did not answer: ${e.error}</p>`)}
${
  data.items.length === 0
    ? html`<p class="empty">No audit entries match.</p>`
    : html`<table data-ops-table="audit"><thead><tr><th>When</th><th>Service</th><th>Action</th><th>User</th><th>Subject</th><th>Detail</th><th>Trace</th></tr></thead><tbody>
${data.items.map(
  (i) =>
    html`<tr data-action="${i.action}"><td><code>${formatTime(i.occurredAt)}</code></td><td>${i.service}</td><td>${i.action}</td><td>${
      i.userId
        ? html`<a href="/ops/audit?user=${i.userId}"><code>${i.userId}</code></a>`
        : html`<span class="empty">guest</span>`
    }</td><td>${i.subject ?? ""}</td><td>${i.detail ?? ""}</td><td>${traceLink(i.traceId)}</td></tr>`,
)}
</tbody></table>`
}`,
  );
}
