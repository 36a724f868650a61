import { describe, expect, test } from "bun:test";
import { context, createTracing, trace, withTracer } from "../trace/index.ts";
import { tracedConsume, tracedPublish } from "./traced.ts";
import type { BusMessage } from "./types.ts";

const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const PARENT_SPAN = "00f067aa0ba902b7";
const parentHeaders = { traceparent: `00-${TRACE_ID}-${PARENT_SPAN}-01` };
const message = (headers: Record<string, string>): BusMessage => ({
  id: "m1",
  subject: "things.happened",
  data: {},
  headers,
  deliveryCount: 1,
});

describe("messaging trace context without an exporter (no span objects)", () => {
  const quiet = createTracing({ service: "quiet", version: "1" }).tracer; // exports nothing

  test("a publish - carries a new span id under the active trace", async () => {
    const seen: Record<string, string>[] = [];
    const consumed = message(parentHeaders);
    await context.with(withTracer(quiet), () =>
      tracedConsume("c1", consumed, () =>
        tracedPublish("things.next", "m2", { extra: "kept" }, async (headers) => void seen.push(headers)),
      ),
    );
    const [, traceId, spanId, flags] = (seen[0]?.traceparent ?? "").split("-");
    expect(traceId).toBe(TRACE_ID);
    expect(spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(spanId).not.toBe(PARENT_SPAN);
    expect(flags).toBe("01");
    expect(seen[0]?.extra).toBe("kept");
  });

  test("a handler - runs with the message's trace active, under a span id of its own", async () => {
    let active: { traceId: string; spanId: string } | undefined;
    await context.with(withTracer(quiet), () =>
      tracedConsume("c1", message(parentHeaders), async () => {
        active = trace.getSpanContext(context.active());
      }),
    );
    expect(active?.traceId).toBe(TRACE_ID);
    expect(active?.spanId).not.toBe(PARENT_SPAN);
    expect(active?.spanId).toMatch(/^[0-9a-f]{16}$/);
  });

  test("a publish with no trace at all - starts one (a valid traceparent)", async () => {
    const headers = await context.with(withTracer(quiet, context.active()), () =>
      tracedPublish("things.first", "m3", {}, async (h) => h),
    );
    expect(headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(headers.traceparent).not.toMatch(/^00-0{32}-/);
    // a consumer of it continues that trace
    let continued: string | undefined;
    await context.with(withTracer(quiet), () =>
      tracedConsume("c1", message(headers), async () => {
        continued = trace.getSpanContext(context.active())?.traceId;
      }),
    );
    expect(continued).toBe(headers.traceparent?.split("-")[1]);
  });

  test("a publish continuing carried headers (the outbox relay) - a child of that span, not of the active one", async () => {
    const carried = { traceparent: `00-${TRACE_ID}-${PARENT_SPAN}-00` };
    let headers: Record<string, string> = {};
    await context.with(withTracer(quiet), () =>
      tracedConsume("c1", message({ traceparent: `00-${"1".repeat(32)}-${"2".repeat(16)}-01` }), async () => {
        headers = await tracedPublish("things.next", "m4", { extra: "kept" }, async (h) => h, carried);
      }),
    );
    const [version, traceId, spanId, flags] = (headers.traceparent ?? "").split("-");
    expect([version, traceId, flags]).toEqual(["00", TRACE_ID, "00"]);
    expect(spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(spanId).not.toBe(PARENT_SPAN);
    expect(headers.extra).toBe("kept");
    expect(headers.tracestate).toBeUndefined();
  });

  test("carried headers the direct reading leaves to the propagator - tracestate kept, a bad traceparent starts a trace", async () => {
    const withState = await context.with(withTracer(quiet), () =>
      tracedPublish("things.next", "m5", {}, async (h) => h, {
        ...parentHeaders,
        tracestate: "vendor=value",
      }),
    );
    expect(withState.traceparent?.split("-")[1]).toBe(TRACE_ID);
    expect(withState.tracestate).toBe("vendor=value");
    const fresh = await context.with(withTracer(quiet), () =>
      tracedPublish("things.next", "m6", {}, async (h) => h, {
        traceparent: `00-${"0".repeat(32)}-${PARENT_SPAN}-01`,
      }),
    );
    expect(fresh.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(fresh.traceparent?.split("-")[1]).not.toBe("0".repeat(32));
  });

  test("a handler of an unsampled message - keeps its flags", async () => {
    let flags: number | undefined;
    await context.with(withTracer(quiet), () =>
      tracedConsume("c1", message({ traceparent: `00-${TRACE_ID}-${PARENT_SPAN}-00` }), async () => {
        flags = trace.getSpanContext(context.active())?.traceFlags;
      }),
    );
    expect(flags).toBe(0);
  });
});
