import { describe, expect, test } from "bun:test";
import { AppError } from "@tessera/chassis/errors";
import { fingerprint, normalizeMessage, topFrame } from "./exceptions.ts";
import { parseLogBatch } from "./logs.ts";
import { parseOtlpTraces } from "./otlp.ts";
import { parseOtlpLogs } from "./otlp-logs.ts";

const TRACE = "0af7651916cd43dd8448eb211c80319c";
const line = (fields: Record<string, unknown> = {}) =>
  JSON.stringify({
    level: 30,
    time: "2026-11-25T18:00:00.000Z",
    service: "checkout",
    msg: "request",
    ...fields,
  });

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("parseLogBatch()", () => {
  test("pino lines - parsed with level label and number, trace ids and the whole line kept", () => {
    const [a, b] = parseLogBatch(
      `${line({ trace_id: TRACE, route: "/x" })}\n${line({ level: 50, msg: "boom" })}\n`,
    );
    expect(a).toMatchObject({
      service: "checkout",
      level: "info",
      levelNum: 30,
      traceId: TRACE,
      msg: "request",
    });
    expect(a?.line.route).toBe("/x");
    expect(b).toMatchObject({ level: "error", levelNum: 50, traceId: null });
  });

  test("a line that is not JSON - the batch is refused naming the line", () => {
    const error = refusal(() => parseLogBatch(`${line()}\n{oops\n`));
    expect(error.status).toBe(400);
    expect(error.message).toContain("line 2: not JSON");
  });

  test("a line with a bad level or trace id - refused naming the line and the field", () => {
    expect(refusal(() => parseLogBatch(line({ level: 35 }))).message).toBe(
      "line 1: level: expected a pino level (10…60)",
    );
    expect(refusal(() => parseLogBatch(line({ trace_id: "xyz" }))).message).toContain("line 1: trace_id:");
    expect(refusal(() => parseLogBatch(line({ service: "Not A Service" }))).message).toContain(
      "line 1: service:",
    );
    expect(refusal(() => parseLogBatch(line({ time: "yesterday" }))).message).toContain("line 1: time:");
  });

  test("an empty batch - refused", () => {
    expect(refusal(() => parseLogBatch("\n\n")).status).toBe(400);
  });
});

describe("parseOtlpTraces()", () => {
  const exportOf = (span: Record<string, unknown>) => ({
    resourceSpans: [
      {
        resource: { attributes: [{ key: "service.name", value: { stringValue: "payments" } }] },
        scopeSpans: [{ spans: [span] }],
      },
    ],
  });
  const span = {
    traceId: TRACE.toUpperCase(),
    spanId: "b7ad6b7169203331",
    parentSpanId: "",
    name: "consume payments.authorize",
    kind: 5,
    startTimeUnixNano: "1795631622576000000",
    endTimeUnixNano: 1795631622579500000,
    attributes: [
      { key: "n", value: { intValue: "3" } },
      { key: "ok", value: { boolValue: true } },
      { key: "list", value: { arrayValue: { values: [{ stringValue: "a" }] } } },
    ],
    events: [{ name: "exception", timeUnixNano: "1795631622577000000", attributes: [] }],
    status: { code: 2, message: "declined" },
  };

  test("a JSON export - one row per span: service from the resource, times in µs, plain attributes", () => {
    const [row] = parseOtlpTraces(exportOf(span));
    expect(row).toEqual({
      traceId: TRACE,
      spanId: "b7ad6b7169203331",
      parentSpanId: null,
      name: "consume payments.authorize",
      service: "payments",
      kind: "consumer",
      startUs: 1795631622576000,
      durationUs: 3500,
      status: "error",
      statusMessage: "declined",
      attributes: { n: 3, ok: true, list: ["a"] },
      events: [{ name: "exception", timeUs: 1795631622577000, attributes: {} }],
    });
  });

  test("a span with a malformed id - refused naming the field", () => {
    const error = refusal(() => parseOtlpTraces(exportOf({ ...span, spanId: "nothex" })));
    expect(error.status).toBe(400);
    expect(error.message).toContain("body.resourceSpans.0.scopeSpans.0.spans.0.spanId");
  });
});

describe("parseOtlpLogs()", () => {
  test("log records - service from the resource, level from the severity, body as the message", () => {
    const [row] = parseOtlpLogs({
      resourceLogs: [
        {
          resource: { attributes: [{ key: "service.name", value: { stringValue: "inventory" } }] },
          scopeLogs: [
            {
              logRecords: [
                {
                  timeUnixNano: "1795631622576000000",
                  severityNumber: 17,
                  body: { stringValue: "stock rejected" },
                  traceId: TRACE,
                  attributes: [{ key: "sku", value: { stringValue: "CL-01-GR" } }],
                },
              ],
            },
          ],
        },
      ],
    });
    expect(row).toMatchObject({
      service: "inventory",
      level: "error",
      msg: "stock rejected",
      traceId: TRACE,
    });
    expect(row?.line.sku).toBe("CL-01-GR");
  });
});

describe("fingerprint()", () => {
  const stack = (fn: string, line: number) =>
    `Error: x\n    at ${fn} (/srv/app/services/checkout/saga/place-order.ts:${line}:7)\n    at processTicksAndRejections (node:internal/process/task_queues:105:5)`;
  const report = (message: string, s = stack("placeOrder", 10)) => ({
    kind: "server" as const,
    service: "checkout",
    type: "TypeError",
    message,
    stack: s,
  });

  test("the same failure with other ids, numbers, quoted values and lines - one fingerprint", () => {
    const a = fingerprint(report('Order TSR-1001 for "anna" failed after 3 tries', stack("placeOrder", 10)));
    const b = fingerprint(report('Order TSR-2002 for "bob" failed after 12 tries', stack("placeOrder", 99)));
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{16}$/);
  });

  test("another place, type, service or kind - another fingerprint", () => {
    const base = report("boom");
    const a = fingerprint(base);
    expect(fingerprint({ ...base, stack: stack("cancelOrder", 10) })).not.toBe(a);
    expect(fingerprint({ ...base, type: "RangeError" })).not.toBe(a);
    expect(fingerprint({ ...base, service: "payments" })).not.toBe(a);
    expect(fingerprint({ ...base, kind: "browser" })).not.toBe(a);
  });

  test("normalizeMessage and topFrame - what varies is replaced; node internals are skipped", () => {
    expect(
      normalizeMessage("user 3f2a9c1e-1111-4222-8333-444455556666 at https://x.test/a?b=1 owes 12.50"),
    ).toBe("user <uuid> at <url> owes <n>");
    expect(
      topFrame(`Error: x\n    at node:internal/x:1:1\n    at run (/a/b/chassis/bus/traced.ts:5:1)`),
    ).toBe("run (chassis/bus/traced.ts)");
  });
});
