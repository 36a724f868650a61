/**
 * Server-side rendering of ops' pages: plain HTML from escaped templates (no client-side
 * component). Each renderer returns {@link Html}; `toString()` is the markup.
 */

export { escapeHtml, Html, html } from "@tessera/chassis/html";
export { type AuditItemView, type AuditPageData, renderAuditPage } from "./audit-page.ts";
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
