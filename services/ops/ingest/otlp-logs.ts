/**
 * Reading OTLP/HTTP log exports in the JSON encoding (`POST /v1/logs`, what a collector's
 * `otlphttp` exporter with `encoding: json` sends): each log record becomes a stored line with
 * the service from its resource, the level from its severity and the trace ids it carries.
 */
import { AppError } from "@tessera/chassis/errors";
import { z } from "zod";
import type { LogLevel } from "../db/schema.ts";
import { LEVEL_NUMBERS, type LogRecord } from "./logs.ts";
import { plainAttributes, plainValue } from "./otlp.ts";

const KeyValues = z.array(z.looseObject({ key: z.string(), value: z.any().optional() })).default([]);
const Nanos = z.union([z.string().regex(/^\d+$/), z.number().nonnegative()]);

const OtlpLogs = z.object({
  resourceLogs: z
    .array(
      z.looseObject({
        resource: z.looseObject({ attributes: KeyValues }).optional(),
        scopeLogs: z
          .array(
            z.looseObject({
              logRecords: z
                .array(
                  z.looseObject({
                    timeUnixNano: Nanos.optional(),
                    observedTimeUnixNano: Nanos.optional(),
                    severityNumber: z.number().int().min(0).max(24).optional(),
                    severityText: z.string().optional(),
                    body: z.any().optional(),
                    attributes: KeyValues,
                    traceId: z.string().optional(),
                    spanId: z.string().optional(),
                  }),
                )
                .default([]),
            }),
          )
          .default([]),
      }),
    )
    .default([]),
});

/** OTLP severity number (1–24) → pino level. */
function levelOf(severity: number | undefined): LogLevel {
  if (!severity) return "info";
  return (["trace", "debug", "info", "warn", "error", "fatal"] as const)[
    Math.min(5, Math.floor((severity - 1) / 4))
  ] as LogLevel;
}

const nanosToDate = (n: string | number | undefined) =>
  n === undefined || Number(n) === 0 ? new Date() : new Date(Number(BigInt(n) / 1_000_000n));

export function parseOtlpLogs(body: unknown): LogRecord[] {
  const parsed = OtlpLogs.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      "bad_request",
      `Not an OTLP JSON log export: ${["body", ...(issue?.path ?? [])].join(".")}: ${issue?.message}`,
    );
  }
  const out: LogRecord[] = [];
  for (const rl of parsed.data.resourceLogs) {
    const resource = plainAttributes((rl.resource?.attributes ?? []) as { key: string }[]);
    const service = String(resource["service.name"] ?? "unknown")
      .toLowerCase()
      .slice(0, 41);
    const version = typeof resource["service.version"] === "string" ? resource["service.version"] : null;
    for (const scope of rl.scopeLogs) {
      for (const record of scope.logRecords) {
        const level = levelOf(record.severityNumber);
        const body = plainValue(record.body);
        const attributes = plainAttributes(record.attributes as { key: string }[]);
        const traceId =
          record.traceId && /^[0-9a-f]{32}$/i.test(record.traceId) ? record.traceId.toLowerCase() : null;
        const spanId =
          record.spanId && /^[0-9a-f]{16}$/i.test(record.spanId) ? record.spanId.toLowerCase() : null;
        const time = nanosToDate(record.timeUnixNano ?? record.observedTimeUnixNano);
        const msg = typeof body === "string" ? body : JSON.stringify(body ?? "");
        out.push({
          time,
          service,
          version,
          level,
          levelNum: LEVEL_NUMBERS[level],
          msg: msg.slice(0, 10_000),
          traceId,
          spanId,
          line: {
            ...attributes,
            time: time.toISOString(),
            level,
            service,
            msg,
            trace_id: traceId,
            span_id: spanId,
          },
        });
      }
    }
  }
  return out;
}
