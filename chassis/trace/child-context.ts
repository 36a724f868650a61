/**
 * Trace context without span objects: what a span nobody exports would have put into headers
 * and log lines — a new span id under the parent's trace id (a new trace when there is none),
 * nothing recorded. Used wherever the tracer exports nothing (`isExporting`), so the trace still
 * crosses services and log lines still carry its ids.
 */
import { type Context, TraceFlags, trace } from "@opentelemetry/api";

/** `parent` with a new, non-recording span of its trace active. */
export function childContext(parent: Context): Context {
  const above = trace.getSpanContext(parent);
  const valid = above !== undefined && trace.isSpanContextValid(above);
  return trace.setSpan(
    parent,
    trace.wrapSpanContext({
      traceId: valid ? above.traceId : randomHex(32),
      spanId: randomHex(16),
      traceFlags: valid ? above.traceFlags : TraceFlags.SAMPLED,
      traceState: valid ? above.traceState : undefined,
    }),
  );
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const pool = new Uint8Array(4096);
let used = pool.length;

/** `digits` (even) random lowercase hex digits, never all zero (an invalid id). */
export function randomHex(digits: number): string {
  const bytes = digits / 2;
  if (used + bytes > pool.length) {
    crypto.getRandomValues(pool);
    used = 0;
  }
  let out = "";
  let zero = true;
  for (let i = 0; i < bytes; i++) {
    const byte = pool[used++] as number;
    if (byte !== 0) zero = false;
    out += HEX[byte];
  }
  return zero ? `${out.slice(0, -1)}1` : out;
}
