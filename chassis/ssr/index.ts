/**
 * Streaming Lit SSR output as a web `ReadableStream` (lit's own `RenderResultReadable` is a Node
 * `Readable`), and collecting it into a string. Every team's fragment server uses these.
 *
 * @example
 * return c.body(renderToStream(render(html`<catalog-product-card …>`)), 200, { "content-type": "text/html" });
 */
import type { RenderResult } from "@lit-labs/ssr";
import { collectResult } from "@lit-labs/ssr/lib/render-result.js";

/** Collects a render result into one string (awaits any async parts). */
export function renderToString(result: RenderResult): Promise<string> {
  return collectResult(result);
}

/** Strings rendered synchronously are coalesced up to this size before a chunk is enqueued. */
const CHUNK_SIZE = 16 * 1024;

function isIterable(value: object): value is Iterable<unknown> {
  return typeof (value as Partial<Iterable<unknown>>)[Symbol.iterator] === "function";
}

function isThenable(value: object): value is PromiseLike<unknown> {
  return typeof (value as Partial<PromiseLike<unknown>>).then === "function";
}

/**
 * Streams a render result as UTF-8 chunks, in order, as lit yields it: nested iterables are walked
 * depth-first, promises are awaited (flushing what was rendered before them). Respects
 * backpressure: one chunk per `pull`. Same walk as lit's `RenderResultReadable`, but a web stream
 * rather than a Node `Readable`.
 */
export function renderToStream(result: RenderResult): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const stack: Iterator<unknown>[] = [result[Symbol.iterator]()];
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let text = "";
      while (stack.length > 0 && text.length < CHUNK_SIZE) {
        const next = stack[stack.length - 1]?.next();
        if (!next || next.done) {
          stack.pop();
          continue;
        }
        const value = next.value;
        if (typeof value === "string") {
          text += value;
        } else if (typeof value === "object" && value !== null && isIterable(value)) {
          stack.push(value[Symbol.iterator]());
        } else if (typeof value === "object" && value !== null && isThenable(value)) {
          if (text) {
            stack.push([value][Symbol.iterator]()); // flush what we have, await on the next pull
            break;
          }
          stack.push([await value][Symbol.iterator]());
        } else if (value !== undefined) {
          throw new TypeError(`Unexpected value in RenderResult: ${String(value)}`);
        }
      }
      if (text) controller.enqueue(encoder.encode(text));
      if (stack.length === 0) controller.close();
    },
    cancel() {
      stack.length = 0;
    },
  });
}
