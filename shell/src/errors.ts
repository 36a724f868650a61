/**
 * Unhandled errors and promise rejections anywhere in the page, reported to the composer
 * (exception tracking) with the page's trace id.
 */
import type { ReportKind } from "./report";

export function reportPageErrors(report: (kind: ReportKind, error: unknown, source?: string) => void): void {
  window.addEventListener("error", (event) => {
    // a <script>/<img> that failed to load fires a non-ErrorEvent: remote loads are reported by the loader
    if (!(event instanceof ErrorEvent)) return;
    const source = event.filename ? `${event.filename}:${event.lineno}:${event.colno}` : undefined;
    report("error", event.error ?? event.message, source);
  });
  window.addEventListener("unhandledrejection", (event) => report("unhandledrejection", event.reason));
}
