import { describe, expect, test } from "bun:test";
import { renderLogsPage, renderTracePage, type SpanView, waterfallOrder } from "./server.ts";

const span = (
  spanId: string,
  parentSpanId: string | null,
  startUs: number,
  durationUs: number,
  extra: Partial<SpanView> = {},
): SpanView => ({
  spanId,
  parentSpanId,
  name: `span ${spanId}`,
  service: "checkout",
  kind: "internal",
  startUs,
  durationUs,
  status: "unset",
  statusMessage: null,
  attributes: {},
  events: [],
  ...extra,
});

describe("waterfallOrder()", () => {
  test("spans - each under its parent, siblings by start; an orphan shown as a root", () => {
    const order = waterfallOrder([
      span("c", "a", 300, 10),
      span("b", "a", 100, 10),
      span("a", null, 0, 1000),
      span("d", "b", 150, 5),
      span("x", "missing", 500, 5),
    ]);
    expect(order.map(({ span, depth }) => `${depth}${span.spanId}`)).toEqual(["0a", "1b", "2d", "1c", "0x"]);
  });
});

describe("renderTracePage()", () => {
  test("a trace - bars placed at their offset and width; a failed span marked; attributes escaped in <details>", () => {
    const html = renderTracePage({
      traceId: "a".repeat(32),
      spans: [
        span("a", null, 1_000_000, 2000, { service: "composer" }),
        span("b", "a", 1_000_500, 1000, {
          status: "error",
          attributes: { "db.statement": "<script>x</script>" },
        }),
      ],
      logCount: 3,
      exceptionCount: 1,
    }).toString();
    expect(html).toContain("left:0.000%;width:100.000%");
    expect(html).toContain("left:25.000%;width:50.000%");
    expect(html).toContain('data-span-status="error"');
    expect(html).toContain("&lt;script&gt;x&lt;/script&gt;");
    expect(html).not.toContain("<script>x");
    expect(html).toContain(`href="/ops/logs?trace_id=${"a".repeat(32)}">3 log lines`);
  });
});

describe("renderLogsPage()", () => {
  test("lines - the filters kept in the form, extra fields shown, messages escaped", () => {
    const html = renderLogsPage({
      filters: { service: "checkout", level: "warn", q: '"quoted"' },
      services: ["catalog", "checkout"],
      lines: [
        {
          time: "2026-11-25T18:00:00.000Z",
          service: "checkout",
          version: "1.0.0",
          level: "error",
          msg: "<b>declined</b>",
          traceId: null,
          line: { msg: "<b>declined</b>", order: "TSR-1" },
        },
      ],
      limit: 200,
    }).toString();
    expect(html).toContain("<option selected>checkout</option>");
    expect(html).toContain("<option selected>warn</option>");
    expect(html).toContain('value="&quot;quoted&quot;"');
    expect(html).toContain("&lt;b&gt;declined&lt;/b&gt;");
    expect(html).toContain("TSR-1");
  });
});
