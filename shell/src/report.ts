/**
 * Failure reports to the composer (`POST /_tessera/client-errors`, exception tracking): what failed,
 * on which page, with the page's trace id and the release versions on it. Sent with
 * `navigator.sendBeacon` (it survives the page being left), else `fetch` with `keepalive`.
 */
import type { FederationData } from "./page-data";

export const CLIENT_ERRORS_URL = "/_tessera/client-errors";

export type ReportKind = "remote-load" | "element-undefined" | "region" | "error" | "unhandledrejection";

/** The body the composer validates (composer/routes/client-errors.ts). */
export interface ClientErrorReport {
  kind: ReportKind;
  message: string;
  traceId: string;
  page: string;
  module?: string;
  source?: string;
  stack?: string;
  releases: Record<string, string>;
}

/** Cuts `text` to `max` characters (the composer refuses longer fields). */
const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  if (error === undefined || error === null) return "";
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === "string") return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

/** The page's trace id, from `<meta name="trace-id">` (32 hex digits), or undefined. */
export function pageTraceId(doc: Document = document): string | undefined {
  const id = doc.querySelector('meta[name="trace-id"]')?.getAttribute("content") ?? "";
  return /^[0-9a-f]{32}$/.test(id) ? id : undefined;
}

/** Release versions on the page: the shell's, and each remote's (its version, else its manifest URL). */
export function releasesOf(shellVersion: string, data: FederationData): Record<string, string> {
  const releases: Record<string, string> = { shell: shellVersion };
  for (const remote of data.remotes.slice(0, 19)) releases[remote.name] = cut(remote.entry, 300);
  return releases;
}

/** Builds a report; long fields are cut to what the composer accepts. */
export function buildReport(
  fields: { kind: ReportKind; error: unknown; module?: string; source?: string },
  page: { traceId: string; url: string; releases: Record<string, string> },
): ClientErrorReport {
  const stack = fields.error instanceof Error ? fields.error.stack : undefined;
  const report: ClientErrorReport = {
    kind: fields.kind,
    message: cut(messageOf(fields.error) || "unknown error", 2000),
    traceId: page.traceId,
    page: cut(page.url, 2000),
    releases: page.releases,
  };
  if (fields.module) report.module = cut(fields.module, 200);
  if (fields.source) report.source = cut(fields.source, 2000);
  if (stack) report.stack = cut(stack, 4000);
  return report;
}

/** At most `limit` reports per page, and never the same one twice. */
export function createReporter(send: (body: string) => void, limit = 10) {
  const sent = new Set<string>();
  return (report: ClientErrorReport): boolean => {
    const key = `${report.kind}|${report.module ?? ""}|${report.message}`;
    if (sent.has(key) || sent.size >= limit) return false;
    sent.add(key);
    send(JSON.stringify(report));
    return true;
  };
}

/** Posts a report body to the composer; never throws. */
export function sendReport(body: string): void {
  try {
    const blob = new Blob([body], { type: "application/json" });
    if (navigator.sendBeacon?.(CLIENT_ERRORS_URL, blob)) return;
  } catch {}
  void fetch(CLIENT_ERRORS_URL, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
    keepalive: true,
    credentials: "same-origin",
  }).catch(() => {});
}
