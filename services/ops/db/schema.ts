/**
 * Ops' own database: the log lines every process ships, the spans every process exports (OTLP),
 * and the exceptions, grouped by fingerprint, with each occurrence. Everything is capped and aged
 * out (see store/retention.ts): ops keeps recent history, not an archive.
 */
import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from "drizzle-orm/pg-core";

export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** One structured log line, as the process wrote it (`line`), with the fields ops searches by. */
export const logLines = pgTable(
  "log_lines",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    time: timestamp("time", { withTimezone: true, mode: "date" }).notNull(),
    service: text("service").notNull(),
    version: text("version"),
    level: text("level", { enum: LOG_LEVELS }).notNull(),
    /** The level as pino's number (10 trace … 60 fatal): "warn and above" is `level_num >= 40`. */
    levelNum: integer("level_num").notNull(),
    msg: text("msg").notNull(),
    traceId: text("trace_id"),
    spanId: text("span_id"),
    line: jsonb("line").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    index("log_lines_time_idx").on(t.time),
    index("log_lines_trace_idx").on(t.traceId),
    index("log_lines_service_time_idx").on(t.service, t.time),
  ],
);

/** One span of a trace (OTLP), times in microseconds since the epoch. */
export const spans = pgTable(
  "spans",
  {
    seq: bigserial("seq", { mode: "number" }).notNull(),
    traceId: text("trace_id").notNull(),
    spanId: text("span_id").notNull(),
    parentSpanId: text("parent_span_id"),
    name: text("name").notNull(),
    service: text("service").notNull(),
    /** server, client, producer, consumer, internal. */
    kind: text("kind").notNull(),
    startUs: bigint("start_us", { mode: "number" }).notNull(),
    durationUs: bigint("duration_us", { mode: "number" }).notNull(),
    /** unset, ok or error. */
    status: text("status").notNull(),
    statusMessage: text("status_message"),
    attributes: jsonb("attributes").$type<Record<string, unknown>>().notNull(),
    events: jsonb("events")
      .$type<{ name: string; timeUs: number; attributes: Record<string, unknown> }[]>()
      .notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.traceId, t.spanId] }),
    index("spans_seq_idx").on(t.seq),
    index("spans_start_idx").on(t.startUs),
  ],
);

export const EXCEPTION_KINDS = ["server", "process", "browser"] as const;

/** Exceptions with the same fingerprint: one row, counted. */
export const exceptionGroups = pgTable(
  "exception_groups",
  {
    fingerprint: text("fingerprint").primaryKey(),
    kind: text("kind", { enum: EXCEPTION_KINDS }).notNull(),
    service: text("service").notNull(),
    type: text("type").notNull(),
    /** The message of the first occurrence (the normalised one is in the fingerprint). */
    message: text("message").notNull(),
    /** The first stack frame, without line numbers (`placeOrder (saga/place-order.ts)`). */
    topFrame: text("top_frame"),
    count: integer("count").notNull(),
    firstSeen: timestamp("first_seen", { withTimezone: true, mode: "date" }).notNull(),
    lastSeen: timestamp("last_seen", { withTimezone: true, mode: "date" }).notNull(),
    firstRelease: text("first_release").notNull(),
    lastRelease: text("last_release").notNull(),
    lastTraceId: text("last_trace_id"),
    /** Set when an operator marks it resolved; a new occurrence after that is a regression. */
    resolvedAt: timestamp("resolved_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [index("exception_groups_last_seen_idx").on(t.lastSeen)],
);

/** One occurrence of a grouped exception. */
export const exceptionEvents = pgTable(
  "exception_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    fingerprint: text("fingerprint").notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true, mode: "date" }).notNull(),
    service: text("service").notNull(),
    release: text("release").notNull(),
    message: text("message").notNull(),
    stack: text("stack"),
    url: text("url"),
    traceId: text("trace_id"),
    spanId: text("span_id"),
    userAgent: text("user_agent"),
  },
  (t) => [
    index("exception_events_fingerprint_idx").on(t.fingerprint, t.occurredAt),
    index("exception_events_trace_idx").on(t.traceId),
  ],
);
