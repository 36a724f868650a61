/**
 * The composer's core, free of any web framework: from a `Request` and a parsed template to a
 * streamed `Response`. Every fragment is requested at once; the page streams in template
 * order, so the head and everything above the first fragment leave before any fragment answers,
 * and each fragment's body is piped through as it arrives.
 */
import type { FragmentSlot, Template } from "./template/parse.ts";

/** A fragment ready to stream: its upstream status and body, or a fallback. */
export interface FragmentResult {
  status: number;
  headers: Headers;
  body: ReadableStream<Uint8Array> | string;
  /** True when the body is fallback content, not the team's answer. */
  fallback: boolean;
}

export interface ComposeOptions {
  /** Fetches one fragment; never rejects for an optional fragment (it falls back). */
  resolve: (slot: FragmentSlot) => Promise<FragmentResult>;
  /** Values for `{{name}}` placeholders. */
  vars: Record<string, string>;
  headers?: HeadersInit;
}

/** Raised when a primary or required fragment fails: the caller renders an error page. */
export class PageFailure extends Error {
  constructor(
    readonly slot: FragmentSlot,
    readonly status: number,
    readonly location?: string,
  ) {
    super(`Fragment ${slot.service}/${slot.name} answered ${status}`);
    this.name = "PageFailure";
  }
}

const encoder = new TextEncoder();

/**
 * Composes `template` into a streamed HTML response. Throws {@link PageFailure} when a primary
 * fragment answers other than 2xx (its status or redirect becomes the page's) or a required one
 * fails (the page becomes an error page).
 */
export async function compose(template: Template, options: ComposeOptions): Promise<Response> {
  const pending = new Map(template.slots.map((slot) => [slot, options.resolve(slot)] as const));
  // Primary and required fragments decide whether the page can be served at all, so the
  // page waits for their headers (not their bodies) before the first byte.
  for (const slot of template.slots) {
    if (slot.tier === "optional") continue;
    const result = await (pending.get(slot) as Promise<FragmentResult>);
    const failed = slot.tier === "primary" ? result.status >= 300 : result.fallback || result.status >= 400;
    if (failed) {
      for (const other of pending.values()) other.then(discard, () => {});
      throw new PageFailure(slot, result.status, result.headers.get("location") ?? undefined);
    }
  }
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      try {
        for (const part of template.parts) {
          if (part.kind === "text") controller.enqueue(part.bytes);
          else if (part.kind === "var") controller.enqueue(encoder.encode(options.vars[part.name] ?? ""));
          else {
            const result = await (pending.get(part.slot) as Promise<FragmentResult>);
            if (typeof result.body === "string") controller.enqueue(encoder.encode(result.body));
            else for await (const chunk of result.body) controller.enqueue(chunk);
          }
        }
        controller.close();
      } catch (error) {
        controller.error(error);
      }
    },
  });
  const headers = new Headers(options.headers);
  headers.set("content-type", "text/html; charset=utf-8");
  return new Response(body, { status: 200, headers });
}

function discard(result: FragmentResult): void {
  if (typeof result.body !== "string") result.body.cancel().catch(() => {});
}
