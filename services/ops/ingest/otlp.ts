/**
 * Reading OTLP/HTTP trace exports in the JSON encoding (`POST /v1/traces`, what the chassis's
 * exporter and a collector's `otlphttp` exporter with `encoding: json` send): resource spans →
 * one flat row per span, ids in hex, times in microseconds, attributes as plain values.
 */
import { AppError } from "@tessera/chassis/errors";
import type { SpanView } from "@tessera/ops-fragments/server";
import { z } from "zod";

/** An OTLP `AnyValue`. */
type AnyValue = {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: AnyValue[] };
  kvlistValue?: { values?: KeyValue[] };
  bytesValue?: string;
};
type KeyValue = { key: string; value?: AnyValue };

const KeyValues = z.array(z.looseObject({ key: z.string(), value: z.any().optional() })).default([]);
const Nanos = z.union([z.string().regex(/^\d+$/), z.number().nonnegative()]);
const HexId = (digits: number) =>
  z
    .string()
    .regex(new RegExp(`^[0-9a-fA-F]{${digits}}$`), { error: `expected ${digits} hex digits` })
    .transform((s) => s.toLowerCase());

const OtlpSpan = z.looseObject({
  traceId: HexId(32),
  spanId: HexId(16),
  parentSpanId: z.union([HexId(16), z.literal("")]).optional(),
  name: z.string().max(1000),
  kind: z.number().int().min(0).max(5).optional(),
  startTimeUnixNano: Nanos,
  endTimeUnixNano: Nanos,
  attributes: KeyValues,
  events: z
    .array(z.looseObject({ name: z.string(), timeUnixNano: Nanos.optional(), attributes: KeyValues }))
    .default([]),
  status: z.looseObject({ code: z.number().int().optional(), message: z.string().optional() }).optional(),
});

export const OtlpTraces = z.object({
  resourceSpans: z
    .array(
      z.looseObject({
        resource: z.looseObject({ attributes: KeyValues }).optional(),
        scopeSpans: z.array(z.looseObject({ spans: z.array(OtlpSpan).default([]) })).default([]),
      }),
    )
    .default([]),
});

const KINDS = ["unspecified", "internal", "server", "client", "producer", "consumer"];
const STATUSES = ["unset", "ok", "error"];

/** An OTLP value as a plain JSON value. */
export function plainValue(value: AnyValue | undefined): unknown {
  if (!value) return null;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(plainValue);
  if (value.kvlistValue) return plainAttributes(value.kvlistValue.values ?? []);
  if (value.bytesValue !== undefined) return value.bytesValue;
  return null;
}

/** OTLP key-values as an object. */
export function plainAttributes(list: KeyValue[]): Record<string, unknown> {
  return Object.fromEntries(list.map((kv) => [kv.key, plainValue(kv.value)]));
}

/** Nanoseconds (a decimal string or number) as whole microseconds. */
const micros = (nanos: string | number) =>
  typeof nanos === "string" ? Number(BigInt(nanos) / 1000n) : Math.floor(nanos / 1000);

/** One stored span: what the trace page shows of it, and its trace. */
export interface SpanRecord extends SpanView {
  traceId: string;
}

/** Parses an OTLP JSON export; throws a 400 AppError naming the first bad field. */
export function parseOtlpTraces(body: unknown): SpanRecord[] {
  const parsed = OtlpTraces.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      "bad_request",
      `Not an OTLP JSON trace export: ${["body", ...(issue?.path ?? [])].join(".")}: ${issue?.message}`,
    );
  }
  const out: SpanRecord[] = [];
  for (const rs of parsed.data.resourceSpans) {
    const resource = plainAttributes((rs.resource?.attributes ?? []) as KeyValue[]);
    const service = typeof resource["service.name"] === "string" ? resource["service.name"] : "unknown";
    for (const scope of rs.scopeSpans) {
      for (const span of scope.spans) {
        const startUs = micros(span.startTimeUnixNano);
        const endUs = micros(span.endTimeUnixNano);
        out.push({
          traceId: span.traceId,
          spanId: span.spanId,
          parentSpanId: span.parentSpanId || null,
          name: span.name,
          service,
          kind: KINDS[span.kind ?? 0] ?? "unspecified",
          startUs,
          durationUs: Math.max(0, endUs - startUs),
          status: STATUSES[span.status?.code ?? 0] ?? "unset",
          statusMessage: span.status?.message || null,
          attributes: plainAttributes(span.attributes as KeyValue[]),
          events: span.events.map((e) => ({
            name: e.name,
            timeUs: e.timeUnixNano === undefined ? startUs : micros(e.timeUnixNano),
            attributes: plainAttributes(e.attributes as KeyValue[]),
          })),
        });
      }
    }
  }
  return out;
}
