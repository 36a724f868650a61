/**
 * The search parameters of the ops API (strict: a bad value is a 422 naming it) and of the ops
 * pages (lenient: a page never fails for a bad filter, it ignores it).
 */
import { z } from "zod";
import { LOG_LEVELS } from "../db/schema.ts";

const HEX32 = /^[0-9a-f]{32}$/;
const serviceName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,40}$/, { error: "expected a lower-case service name" });
const traceId = z.string().regex(HEX32, { error: "expected a trace id (32 lower-case hex digits)" });
const isoTime = z.iso.datetime({ offset: true, error: "expected an ISO 8601 time (2026-11-25T18:00:00Z)" });
const limit = (fallback: number) =>
  z.coerce
    .number({ error: "expected a number from 1 to 1000" })
    .int({ error: "expected a whole number from 1 to 1000" })
    .min(1, { error: "expected a number from 1 to 1000" })
    .max(1000, { error: "expected a number from 1 to 1000" })
    .default(fallback);

export const LogsQuery = z.object({
  service: serviceName.optional(),
  level: z.enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(", ")}` }).optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
  trace_id: traceId.optional(),
  q: z.string().max(200, { error: "expected at most 200 characters" }).optional(),
  limit: limit(200),
});

export const TracesQuery = z.object({
  trace_id: traceId.optional(),
  service: serviceName.optional(),
  errors: z.enum(["true", "false"], { error: "expected true or false" }).optional(),
  limit: limit(50),
});

export const TracePath = z.object({ traceId });

export const ExceptionsQuery = z.object({
  service: serviceName.optional(),
  trace_id: traceId.optional(),
  limit: limit(100),
});

export const FingerprintPath = z.object({
  fingerprint: z.string().regex(/^[0-9a-f]{16}$/, { error: "expected a fingerprint (16 hex digits)" }),
});

export const AuditQuery = z.object({
  user: z.string().min(1).max(100, { error: "expected a user id of at most 100 characters" }).optional(),
  limit: limit(200),
});

/** A page's filter: kept when valid, dropped otherwise. */
const lenient = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

export const LogsPageQuery = z.object({
  service: lenient(serviceName),
  level: lenient(z.enum(LOG_LEVELS)),
  from: lenient(isoTime),
  to: lenient(isoTime),
  trace_id: lenient(traceId),
  q: lenient(z.string().trim().min(1).max(200)),
});

export const TracesPageQuery = z.object({
  trace_id: lenient(traceId),
  service: lenient(serviceName),
  errors: lenient(z.enum(["true", "false"])),
});

export const TracePageQuery = z.object({ trace_id: lenient(z.string().max(64)) });
export const ExceptionsPageQuery = z.object({ service: lenient(serviceName), trace_id: lenient(traceId) });
export const ExceptionPageQuery = z.object({ fingerprint: lenient(z.string().max(64)) });
export const AuditPageQuery = z.object({ user: lenient(z.string().trim().min(1).max(100)) });
