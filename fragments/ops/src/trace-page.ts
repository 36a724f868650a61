/**
 * `ops/trace-page`: one trace as a waterfall — spans nested under their parents, each bar placed
 * at its offset from the trace's start and as wide as its duration; a span's service, status,
 * attributes and events open with `<details>`. No script: HTML and CSS only.
 */
import { type Html, html } from "@tessera/chassis/html";
import { formatDuration, opsPage } from "./parts.ts";

export interface SpanView {
  spanId: string;
  parentSpanId: string | null;
  name: string;
  service: string;
  kind: string;
  startUs: number;
  durationUs: number;
  status: string;
  statusMessage: string | null;
  attributes: Record<string, unknown>;
  events: { name: string; timeUs: number; attributes: Record<string, unknown> }[];
}

export interface TracePageData {
  traceId: string;
  spans: SpanView[];
  /** Log lines and exceptions of this trace, counted, for the links. */
  logCount: number;
  exceptionCount: number;
}

/** Spans in waterfall order (depth first, children by start time) with their depth. */
export function waterfallOrder(spans: SpanView[]): { span: SpanView; depth: number }[] {
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string | null, SpanView[]>();
  for (const span of spans) {
    // a span whose parent is not (yet) here is shown as a root
    const parent = span.parentSpanId && ids.has(span.parentSpanId) ? span.parentSpanId : null;
    children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  for (const list of children.values()) list.sort((a, b) => a.startUs - b.startUs);
  const out: { span: SpanView; depth: number }[] = [];
  const visit = (parent: string | null, depth: number) => {
    for (const span of children.get(parent) ?? []) {
      out.push({ span, depth });
      visit(span.spanId, depth + 1);
    }
  };
  visit(null, 0);
  return out;
}

function attributesTable(attributes: Record<string, unknown>): Html {
  const entries = Object.entries(attributes);
  if (entries.length === 0) return html`<p class="empty">No attributes.</p>`;
  return html`<table><tbody>${entries.map(
    ([k, v]) =>
      html`<tr><th scope="row"><code>${k}</code></th><td><code>${typeof v === "string" ? v : JSON.stringify(v)}</code></td></tr>`,
  )}</tbody></table>`;
}

export function renderTracePage(data: TracePageData): Html {
  if (data.spans.length === 0)
    return opsPage(
      "traces",
      "Trace not found",
      html`<p class="empty">No spans of trace <code>${data.traceId}</code> have arrived (yet). Spans are sent in batches: try again in a few seconds.</p>`,
    );
  const start = Math.min(...data.spans.map((s) => s.startUs));
  const end = Math.max(...data.spans.map((s) => s.startUs + s.durationUs));
  const total = Math.max(1, end - start);
  const services = [...new Set(data.spans.map((s) => s.service))];
  const errors = data.spans.filter((s) => s.status === "error").length;
  const pct = (n: number) => `${((n / total) * 100).toFixed(3)}%`;
  return opsPage(
    "traces",
    "Trace",
    html`<p><code data-trace-id="${data.traceId}">${data.traceId}</code> — ${data.spans.length} spans across ${services.join(", ")}, ${formatDuration(total)}${
      errors ? html`, <span class="status-error">${errors} failed</span>` : ""
    }.</p>
<p><a href="/ops/logs?trace_id=${data.traceId}">${data.logCount} log lines of this trace</a> · <a href="/ops/exceptions?trace_id=${data.traceId}">${data.exceptionCount} exceptions of this trace</a></p>
<ol class="waterfall" aria-label="Spans of the trace">
${waterfallOrder(data.spans).map(
  ({
    span,
    depth,
  }) => html`<li data-span-service="${span.service}" data-span-status="${span.status}"><details>
<summary><span class="span-label" style="padding-inline-start:${depth * 1.1}rem"><span class="span-service">${span.service}</span> ${span.name} <small>${formatDuration(span.durationUs)}</small>${
    span.status === "error" ? html` <span class="status-error">error</span>` : ""
  }</span><span class="track" aria-hidden="true"><span class="bar${span.status === "error" ? " error" : ""}" style="left:${pct(
    span.startUs - start,
  )};width:${pct(span.durationUs)}"></span></span></summary>
<div class="span-details"><p>${span.kind} span <code>${span.spanId}</code>, starts at +${formatDuration(span.startUs - start)}, lasts ${formatDuration(span.durationUs)}, status ${span.status}${
    span.statusMessage ? html`: ${span.statusMessage}` : ""
  }.</p>
${attributesTable(span.attributes)}
${span.events.map(
  (e) =>
    html`<p>Event <strong>${e.name}</strong> at +${formatDuration(e.timeUs - start)}</p>${attributesTable(e.attributes)}`,
)}</div>
</details></li>`,
)}
</ol>`,
  );
}
