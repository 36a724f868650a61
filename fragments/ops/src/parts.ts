/** Pieces every ops page shares: the section navigation, times, durations and trace links. */
import { type Html, html } from "@tessera/chassis/html";
import { OPS_STYLES } from "./styles.ts";

export const SECTIONS = [
  ["health", "Health", "/ops/health"],
  ["logs", "Logs", "/ops/logs"],
  ["traces", "Traces", "/ops/traces"],
  ["exceptions", "Exceptions", "/ops/exceptions"],
  ["metrics", "Metrics", "/ops/metrics"],
  ["audit", "Audit", "/ops/audit"],
] as const;
export type Section = (typeof SECTIONS)[number][0];

/** The page's frame: styles, the section navigation and the heading. */
export function opsPage(current: Section, title: string, body: Html | Html[]): Html {
  return html`${OPS_STYLES}<div class="ops" data-ops-page="${current}">
<nav aria-label="Ops sections"><ul>${SECTIONS.map(
    ([id, label, href]) =>
      html`<li><a href="${href}"${id === current ? html` aria-current="page"` : ""}>${label}</a></li>`,
  )}</ul></nav>
<h1>${title}</h1>
${body}
</div>`;
}

/** A time as `2026-11-25 18:40:03.123Z` (UTC: operators compare across machines). */
export function formatTime(iso: string): string {
  return iso.replace("T", " ");
}

/** Microseconds as `850 µs`, `12.3 ms` or `1.25 s`. */
export function formatDuration(us: number): string {
  if (us < 1000) return `${us} µs`;
  if (us < 1_000_000) return `${(us / 1000).toFixed(1)} ms`;
  return `${(us / 1_000_000).toFixed(2)} s`;
}

/** A link to a trace's waterfall. */
export function traceLink(traceId: string | null | undefined): Html {
  return traceId ? html`<a href="/ops/traces/${traceId}"><code>${traceId}</code></a>` : html``;
}

/** A `<select>` of options with one selected. */
export function select(name: string, label: string, options: string[], selected: string | undefined): Html {
  return html`<label>${label}<select name="${name}"><option value="">(any)</option>${options.map(
    (o) => html`<option${o === selected ? html` selected` : ""}>${o}</option>`,
  )}</select></label>`;
}

/** A text input. */
export function input(name: string, label: string, value: string | undefined, type = "text"): Html {
  return html`<label>${label}<input type="${type}" name="${name}" value="${value ?? ""}"></label>`;
}
