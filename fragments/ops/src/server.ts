/**
 * Server-side rendering of ops' pages: escaped HTML templates, holding ops' Lit components
 * rendered with Lit SSR (Declarative Shadow DOM, hydrated by the shell). Each renderer returns
 * {@link Html}; `toString()` is the markup.
 */
import type { Html } from "@tessera/chassis/html";
import { type AuditPageData, renderAuditPage } from "./audit-page.ts";
import {
  type ExceptionEventView,
  type ExceptionGroupView,
  type ExceptionsPageData,
  renderExceptionPage,
  renderExceptionsPage,
} from "./exceptions-page.ts";
import { type HealthPageData, renderHealthPage } from "./health-page.ts";
import { type LogsPageData, renderLogsPage } from "./logs-page.ts";
import { type MetricsPageData, renderMetricsPage } from "./metrics-page.ts";
import { renderTracePage, type TracePageData } from "./trace-page.ts";
import { renderTracesPage, type TracesPageData } from "./traces-page.ts";

export { escapeHtml, Html, html } from "@tessera/chassis/html";
export { type AuditItemView, type AuditPageData, renderAuditPage } from "./audit-page.ts";
export { autoRefresh, REFRESH_SECONDS } from "./components.ts";
export {
  type ExceptionEventView,
  type ExceptionGroupView,
  type ExceptionsPageData,
  renderExceptionPage,
  renderExceptionsPage,
} from "./exceptions-page.ts";
export { type HealthPageData, type InstanceView, renderHealthPage } from "./health-page.ts";
export { type LogLineView, type LogsPageData, renderLogsPage } from "./logs-page.ts";
export { type MetricsPageData, renderMetricsPage } from "./metrics-page.ts";
export { formatDuration } from "./parts.ts";
export { renderTracePage, type SpanView, type TracePageData, waterfallOrder } from "./trace-page.ts";
export { renderTracesPage, type TraceSummaryView, type TracesPageData } from "./traces-page.ts";

/**
 * Every page this package renders, one uniform shape (JSON data in, HTML out): what the ops
 * service calls for its built-in version, and what a deployed release's worker calls (see
 * @tessera/chassis/releases).
 */
export const renderers = {
  "logs-page": (data: LogsPageData): Html => renderLogsPage(data),
  "traces-page": (data: TracesPageData): Html => renderTracesPage(data),
  "trace-page": (data: TracePageData): Html => renderTracePage(data),
  "exceptions-page": (data: ExceptionsPageData): Html => renderExceptionsPage(data),
  "exception-page": (data: {
    group?: ExceptionGroupView & { events: ExceptionEventView[] };
    fingerprint: string;
  }): Html => renderExceptionPage(data.group, data.fingerprint),
  "metrics-page": (data: MetricsPageData): Html => renderMetricsPage(data),
  "audit-page": (data: AuditPageData): Html => renderAuditPage(data),
  "health-page": (data: HealthPageData): Html => renderHealthPage(data),
};
