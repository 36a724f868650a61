/**
 * Ingestion, service to service (not through the composer): `POST /ingest/logs` (NDJSON pino
 * lines), `POST /ingest/exceptions` (one report or an array), and the OTLP/HTTP receivers
 * `POST /v1/traces` and `POST /v1/logs` in the JSON encoding. A bad batch is refused whole
 * with a 4xx problem naming what is wrong; nothing of it is written.
 */
import type { Db } from "@tessera/chassis/db";
import { AppError } from "@tessera/chassis/errors";
import { parseInput } from "@tessera/chassis/service";
import { type Context, Hono } from "hono";
import type { Logger } from "pino";
import { z } from "zod";
import type { Alerter } from "../alerts/webhook.ts";
import { type ComposerBoard, ComposerReport } from "../collect/composers.ts";
import { ExceptionInput } from "../ingest/exceptions.ts";
import { parseLogBatch } from "../ingest/logs.ts";
import { parseOtlpTraces } from "../ingest/otlp.ts";
import { parseOtlpLogs } from "../ingest/otlp-logs.ts";
import { recordException } from "../store/exceptions.ts";
import { insertLogs } from "../store/logs.ts";
import { insertSpans } from "../store/spans.ts";

/** Largest body accepted. */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

async function bodyText(c: Context): Promise<string> {
  const length = Number(c.req.header("content-length") ?? 0);
  if (length > MAX_BODY_BYTES)
    throw new AppError("payload_too_large", `The body is ${length} bytes; send at most ${MAX_BODY_BYTES}`);
  const text = await c.req.text();
  if (text.length > MAX_BODY_BYTES)
    throw new AppError("payload_too_large", `The body is over ${MAX_BODY_BYTES} bytes`);
  return text;
}

async function otlpJson(c: Context): Promise<unknown> {
  const type = c.req.header("content-type") ?? "";
  if (!type.startsWith("application/json"))
    throw new AppError(
      "unsupported_media_type",
      `OTLP over HTTP is accepted in the JSON encoding only (content-type: application/json), not ${JSON.stringify(
        type,
      )}: set the collector's otlphttp exporter to \`encoding: json\``,
    );
  try {
    return JSON.parse(await bodyText(c));
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("bad_request", "The body is not JSON");
  }
}

const ExceptionList = z.array(ExceptionInput).min(1).max(100);
/** One report, or up to 100 in an array. */
export const ExceptionBatch = z.union([ExceptionInput, ExceptionList]);

export function ingestRoutes(db: Db, alerter: Alerter, log: Logger, composers: ComposerBoard): Hono {
  return new Hono()
    .post("/ingest/composer", async (c) => {
      let body: unknown;
      try {
        body = JSON.parse(await bodyText(c));
      } catch (error) {
        if (error instanceof AppError) throw error;
        throw new AppError("bad_request", "The body is not JSON: send the composer's report");
      }
      composers.report(parseInput(ComposerReport, body, "body", "bad_request"));
      return c.body(null, 204);
    })
    .post("/ingest/logs", async (c) => {
      const records = parseLogBatch(await bodyText(c));
      await insertLogs(db, records);
      return c.json({ accepted: records.length }, 202);
    })
    .post("/ingest/exceptions", async (c) => {
      let body: unknown;
      try {
        body = JSON.parse(await bodyText(c));
      } catch (error) {
        if (error instanceof AppError) throw error;
        throw new AppError("bad_request", "The body is not JSON: send an exception report object");
      }
      const reports = Array.isArray(body)
        ? parseInput(ExceptionList, body, "body", "bad_request")
        : [parseInput(ExceptionInput, body, "body", "bad_request")];
      const groups = [];
      for (const report of reports) {
        const { group, change } = await recordException(db, report);
        groups.push({ fingerprint: group.fingerprint, change, count: group.count });
        if (change !== "repeat") {
          log.warn(
            { fingerprint: group.fingerprint, service: group.service, change },
            `exception group ${change}`,
          );
          void alerter.notify(group, change);
        }
      }
      return c.json({ accepted: reports.length, groups }, 202);
    })
    .post("/v1/traces", async (c) => {
      const records = parseOtlpTraces(await otlpJson(c));
      await insertSpans(db, records);
      return c.json({}, 200);
    })
    .post("/v1/logs", async (c) => {
      const records = parseOtlpLogs(await otlpJson(c));
      if (records.length > 0) await insertLogs(db, records);
      return c.json({}, 200);
    });
}
