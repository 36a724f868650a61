/**
 * Exception reports (`POST /ingest/exceptions`, from the chassis's error hook and, through the
 * composer, from browsers) and their fingerprint: the same kind of failure at the same place
 * groups together whatever ids, numbers or quoted values its message carries.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { EXCEPTION_KINDS } from "../db/schema.ts";

const HEX32 = /^[0-9a-f]{32}$/;
const HEX16 = /^[0-9a-f]{16}$/;

export const ExceptionInput = z.object({
  kind: z.enum(EXCEPTION_KINDS, { error: "expected server, process or browser" }),
  service: z.string().regex(/^[a-z][a-z0-9-]{0,40}$/, { error: "expected a lower-case service name" }),
  release: z.string().min(1).max(64),
  type: z.string().max(200).optional(),
  message: z.string().min(1, { error: "expected the error's message" }).max(2000),
  stack: z.string().max(16_000).optional(),
  url: z.string().max(2000).optional(),
  trace_id: z.string().regex(HEX32, { error: "expected 32 lower-case hex digits" }).optional(),
  span_id: z.string().regex(HEX16, { error: "expected 16 lower-case hex digits" }).optional(),
  user_agent: z.string().max(500).optional(),
  occurred_at: z.iso.datetime({ offset: true, error: "expected an ISO 8601 time" }).optional(),
});
export type ExceptionInput = z.infer<typeof ExceptionInput>;

/** The message with what varies between occurrences replaced: ids, numbers, quoted values, URLs. */
export function normalizeMessage(message: string): string {
  return message
    .replace(/https?:\/\/\S+/g, "<url>")
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, "<uuid>")
    .replace(/\b[0-9a-f]{16,}\b/gi, "<hex>")
    .replace(/"[^"]*"|'[^']*'/g, "<str>")
    .replace(/\b[A-Z]{2,5}-\d+\b/g, "<id>")
    .replace(/\d+(\.\d+)?/g, "<n>")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * The first stack frame that is the application's (not node internals, not node_modules), without
 * line and column: `placeOrder (services/checkout/saga/place-order.ts)`.
 */
export function topFrame(stack: string | undefined): string | undefined {
  if (!stack) return undefined;
  for (const raw of stack.split("\n").slice(1)) {
    const line = raw.trim();
    const m = /^at (?:(.+?) )?\(?(.+?)(?::\d+)?(?::\d+)?\)?$/.exec(line);
    if (!m) continue;
    const [, fn, location] = m;
    if (!location || location.startsWith("node:") || location.includes("node_modules")) continue;
    const file = location
      .replace(/^.*?\/(services|chassis|composer|fragments|shell)\//, "$1/")
      .replace(/\?.*$/, "");
    return `${fn ?? "<anonymous>"} (${file})`;
  }
  return undefined;
}

/** The fingerprint: kind, service, error type, normalised message and top frame. */
export function fingerprint(report: Pick<ExceptionInput, "kind" | "service" | "type" | "message" | "stack">) {
  const parts = [
    report.kind,
    report.service,
    report.type ?? "Error",
    normalizeMessage(report.message),
    topFrame(report.stack) ?? "",
  ];
  return createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 16);
}
