/**
 * Parsing a batch of log lines (`POST /ingest/logs`, NDJSON: one pino JSON object per line).
 * A batch is taken whole or not at all: one bad line refuses it with a message naming the line.
 */
import { AppError } from "@tessera/chassis/errors";
import { z } from "zod";
import { LOG_LEVELS, type LogLevel } from "../db/schema.ts";

/** pino's level numbers. */
export const LEVEL_NUMBERS: Record<LogLevel, number> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
};

const levelOfNumber = (n: number): LogLevel | undefined =>
  (Object.entries(LEVEL_NUMBERS) as [LogLevel, number][]).find(([, v]) => v === n)?.[0];

const HEX32 = /^[0-9a-f]{32}$/;
const HEX16 = /^[0-9a-f]{16}$/;

const LogLine = z
  .looseObject({
    time: z.union([z.string(), z.number()]),
    level: z.union([z.enum(LOG_LEVELS), z.number().int()]),
    service: z.string().regex(/^[a-z][a-z0-9-]{0,40}$/, { error: "expected a lower-case service name" }),
    version: z.string().max(64).optional(),
    msg: z.string().max(10_000).optional(),
    trace_id: z.string().regex(HEX32, { error: "expected 32 lower-case hex digits" }).optional(),
    span_id: z.string().regex(HEX16, { error: "expected 16 lower-case hex digits" }).optional(),
  })
  .transform((line, ctx) => {
    const time = new Date(line.time);
    if (Number.isNaN(time.getTime())) {
      ctx.addIssue({ code: "custom", path: ["time"], message: "expected an ISO time or epoch milliseconds" });
      return z.NEVER;
    }
    const level = typeof line.level === "number" ? levelOfNumber(line.level) : line.level;
    if (!level) {
      ctx.addIssue({ code: "custom", path: ["level"], message: "expected a pino level (10…60)" });
      return z.NEVER;
    }
    return { line, time, level };
  });

/** A parsed line, ready to store. */
export interface LogRecord {
  time: Date;
  service: string;
  version: string | null;
  level: LogLevel;
  levelNum: number;
  msg: string;
  traceId: string | null;
  spanId: string | null;
  line: Record<string, unknown>;
}

/** Most lines in one batch. */
export const MAX_BATCH_LINES = 5000;

/** Parses an NDJSON batch; throws a 400 AppError naming the first bad line. */
export function parseLogBatch(body: string): LogRecord[] {
  const texts = body.split("\n").filter((l) => l.trim() !== "");
  if (texts.length === 0)
    throw new AppError("bad_request", "The batch is empty: send one JSON log line per line");
  if (texts.length > MAX_BATCH_LINES)
    throw new AppError(
      "payload_too_large",
      `The batch has ${texts.length} lines; send at most ${MAX_BATCH_LINES} per request`,
    );
  return texts.map((text, i) => {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new AppError("bad_request", `line ${i + 1}: not JSON: ${JSON.stringify(text.slice(0, 80))}`);
    }
    const parsed = LogLine.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError(
        "bad_request",
        `line ${i + 1}: ${issue?.path.join(".") || "(line)"}: ${issue?.message ?? "not a log line"}`,
      );
    }
    const { line, time, level } = parsed.data;
    return {
      time,
      service: line.service,
      version: line.version ?? null,
      level,
      levelNum: LEVEL_NUMBERS[level],
      msg: line.msg ?? "",
      traceId: line.trace_id ?? null,
      spanId: line.span_id ?? null,
      line: line as Record<string, unknown>,
    };
  });
}
