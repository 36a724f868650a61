/**
 * The ops API's OpenAPI 3.1 document (`GET /openapi.json`), generated from the same zod schemas
 * the routes validate with.
 */
import {
  fragmentServerOperations,
  html,
  json,
  type Operation,
  openApiDocument,
  problem,
} from "@tessera/chassis/openapi";
import { FragmentManifest } from "@tessera/contracts/fragment-manifest";
import { z } from "zod";
import { ComposerReport } from "./collect/composers.ts";
import { OtlpTraces } from "./ingest/otlp.ts";
import { ExceptionBatch } from "./routes/ingest.ts";
import {
  AuditPageQuery,
  AuditQuery,
  ExceptionPageQuery,
  ExceptionsPageQuery,
  ExceptionsQuery,
  FingerprintPath,
  LogsPageQuery,
  LogsQuery,
  TracePageQuery,
  TracePath,
  TracesPageQuery,
  TracesQuery,
} from "./routes/queries.ts";

const Accepted = z.object({ accepted: z.number().int() });
const Items = z.object({ items: z.array(z.record(z.string(), z.unknown())) });
const Anything = z.record(z.string(), z.unknown());

const page = (name: string, summary: string, query?: z.ZodObject): Operation => ({
  method: "get",
  path: `/fragments/${name}`,
  summary,
  query,
  tags: ["fragments"],
  responses: { 200: html("The page fragment") },
});

const operations: Operation[] = [
  {
    method: "post",
    path: "/ingest/logs",
    summary: "A batch of log lines (NDJSON, application/x-ndjson: one pino JSON object per line)",
    tags: ["ingest"],
    responses: {
      202: json(Accepted, "Every line was stored"),
      400: problem("A line that is not JSON or not a log line (the batch is refused whole)"),
      413: problem("Too many lines or bytes"),
    },
  },
  {
    method: "post",
    path: "/ingest/exceptions",
    summary: "One exception report, or an array of up to 100, grouped by fingerprint",
    tags: ["ingest"],
    body: { schema: ExceptionBatch, media: ["json"] },
    responses: {
      202: json(Accepted.extend({ groups: z.array(Anything) }), "Recorded"),
      400: problem("Not JSON, or a report with a bad field (nothing is recorded)"),
      413: problem("Too many bytes"),
    },
  },
  {
    method: "post",
    path: "/ingest/composer",
    summary: "A composer's report: its id, version, URL (scraped for /metrics) and circuit breakers",
    tags: ["ingest"],
    body: { schema: ComposerReport, media: ["json"] },
    responses: { 204: { description: "Kept" }, 400: problem("Not a composer report") },
  },
  {
    method: "post",
    path: "/v1/traces",
    summary: "OTLP/HTTP trace export, JSON encoding",
    tags: ["ingest"],
    body: { schema: OtlpTraces, media: ["json"] },
    responses: {
      200: json(z.object({}), "Stored"),
      400: problem("Not an OTLP JSON trace export (nothing is stored)"),
      415: problem("Protobuf: send the JSON encoding"),
    },
  },
  {
    method: "post",
    path: "/v1/logs",
    summary: "OTLP/HTTP log export, JSON encoding",
    tags: ["ingest"],
    responses: {
      200: json(z.object({}), "Stored"),
      400: problem("Not an OTLP JSON log export (nothing is stored)"),
      415: problem("Protobuf: send the JSON encoding"),
    },
  },
  {
    method: "get",
    path: "/ops/api/logs",
    summary: "Log lines, newest first, by service, level (and above), time range, trace id and text",
    query: LogsQuery,
    responses: { 200: json(Items, "The lines"), 422: problem("A bad filter") },
  },
  {
    method: "get",
    path: "/ops/api/traces",
    summary: "Recent traces, by trace id and service, errors only on request",
    query: TracesQuery,
    responses: { 200: json(Items, "The traces"), 422: problem("A bad filter") },
  },
  {
    method: "get",
    path: "/ops/api/traces/{traceId}",
    summary: "Every span of one trace",
    params: TracePath,
    responses: { 200: json(Anything, "The trace"), 404: problem("A malformed trace id, or no spans of it") },
  },
  {
    method: "get",
    path: "/ops/api/exceptions",
    summary: "Exception groups, most recently seen first",
    query: ExceptionsQuery,
    responses: { 200: json(Items, "The groups"), 422: problem("A bad filter") },
  },
  {
    method: "get",
    path: "/ops/api/exceptions/{fingerprint}",
    summary: "One exception group with its latest occurrences",
    params: FingerprintPath,
    responses: { 200: json(Anything, "The group"), 404: problem("A malformed or unknown fingerprint") },
  },
  {
    method: "post",
    path: "/ops/api/exceptions/{fingerprint}/resolve",
    summary: "Marks a group resolved (a new occurrence is then a regression, alerted)",
    params: FingerprintPath,
    responses: { 200: json(Anything, "Resolved"), 404: problem("A malformed or unknown fingerprint") },
  },
  {
    method: "get",
    path: "/ops/api/metrics",
    summary: "RED figures per service and route and the business counters, scraped from every instance",
    responses: { 200: json(Anything, "The figures") },
  },
  {
    method: "get",
    path: "/ops/api/audit",
    summary:
      "Audit entries of every service that keeps an audit log and of the deployment log (who = `by`), merged by time, by user",
    query: AuditQuery,
    responses: { 200: json(Anything, "The entries"), 422: problem("A bad filter") },
  },
  {
    method: "get",
    path: "/ops/api/health",
    summary:
      "Every registered instance with its readiness, the composer's circuit breakers, each team's release state and the latest deployment log entries",
    responses: { 200: json(Anything, "The instances, breakers and deployments") },
  },
  ...fragmentServerOperations({ manifest: FragmentManifest, remote: true }),
  page("logs-page", "The logs page (ops/logs-page)", LogsPageQuery),
  page("traces-page", "The traces page (ops/traces-page)", TracesPageQuery),
  page("trace-page", "One trace as a waterfall (ops/trace-page)", TracePageQuery),
  page("exceptions-page", "The exceptions page (ops/exceptions-page)", ExceptionsPageQuery),
  page("exception-page", "One exception group (ops/exception-page)", ExceptionPageQuery),
  page("metrics-page", "The metrics page (ops/metrics-page)"),
  page("audit-page", "The audit page (ops/audit-page)", AuditPageQuery),
  page("health-page", "The health page (ops/health-page)"),
];

export function apiDocument(version: string) {
  return openApiDocument({
    title: "Tessera ops",
    version,
    description: "Logs, traces, exceptions, metrics, audit and health of every service, in one place.",
    operations,
  });
}
