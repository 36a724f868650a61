/**
 * Fragment batches: several of one service's fragments asked for in one request, as
 * OpenComponents' batch endpoint does, so that a page with N fragments of a team costs one round
 * trip and one connection's reads and writes instead of N.
 *
 * The request: `GET <batch path>?p=<path>&t=<traceparent>&p=…` — each part a fragment's path
 * with its query, and the `traceparent` of the caller's span for it (empty: the batch's own), in
 * order. Every part is served with the batch request's headers, as if it had come on its own.
 *
 * The answer: `200`, `content-type: application/vnd.tessera.fragment-batch`, streamed; each part
 * as soon as it is ready (a slow one holds back no other), framed as its index on a line and the
 * part's own answer as an HTTP/1.1 message with a `content-length`:
 *
 * ```
 * 1\r\n
 * HTTP/1.1 200 \r\ncontent-type: text/html\r\ncontent-length: 5\r\n\r\n<b/>\n
 * 0\r\n
 * HTTP/1.1 404 \r\n…
 * ```
 *
 * @example
 * // a service: GET /fragments/batch answers its own fragments, each through the app
 * app.get("/fragments/batch", (c) => serveFragmentBatch(c.req.raw, { dispatch: (r) => app.fetch(r) }));
 * // or answering each part itself
 * serveFragmentBatch(request, { part: (path) => ({ status: 200, headers: { "content-type": "text/html" }, body }) });
 * // a caller
 * const url = base + batchTarget("/fragments/batch", [{ path: "/fragments/a" }, { path: "/fragments/b?x=1" }]);
 * const decoder = new BatchDecoder(2);
 * decoder.feed(bytes, (index, answer) => …);
 */
import { PROBLEM_CONTENT_TYPE, problem, problemResponse } from "../errors/index.ts";
import type { WireAnswer } from "./wire.ts";
import { headEnd, parseHead, WireProtocolError } from "./wire-framing.ts";

export const BATCH_CONTENT_TYPE = "application/vnd.tessera.fragment-batch";
/** Where a service built by the chassis answers batches of its fragments (its manifest's `batch`). */
export const FRAGMENT_BATCH_PATH = "/fragments/batch";
/** The most parts one batch may ask for. */
export const MAX_BATCH_PARTS = 32;

/** One part of a batch: the fragment's path (and query) and the caller's `traceparent` for it. */
export interface BatchPart {
  path: string;
  traceparent?: string;
}

const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
/** A path on the service: absolute, no authority, no control characters. */
const PART_PATH = /^\/(?!\/)[\x21-\x7e]*$/;
/** Request headers a part does not inherit from the batch: framing and hop-by-hop ones. */
const NOT_INHERITED = new Set([
  "connection",
  "keep-alive",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "content-length",
]);
/** Answer headers a part's frame leaves out (its `content-length` is its own). */
const NOT_FRAMED = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "trailer"]);

/**
 * A path that stands in a query value as it is (RFC 3986 allows `/`, `?`, `:`, `@` and the
 * sub-delimiters there): nothing the batch's query is split or decoded on (`&`, `+`, `%`, `#`).
 */
const QUERY_SAFE = /^[A-Za-z0-9\-._~/?:@!$'()*,;=]*$/;

/** The path and query of a batch asking for `parts` at `batchPath`. */
export function batchTarget(batchPath: string, parts: readonly BatchPart[]): string {
  let query = "";
  for (const part of parts) {
    const path = QUERY_SAFE.test(part.path) ? part.path : encodeURIComponent(part.path);
    query += `${query ? "&" : "?"}p=${path}&t=${part.traceparent ?? ""}`;
  }
  return batchPath + query;
}

/** A part's answer given without a `Response` (a service that answers its fragments itself). */
export interface PartAnswer {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array | string;
}

export interface BatchServerOptions {
  /**
   * Serves one part as a request of its own (a Hono app's `fetch`: its middleware and routes),
   * sent with the batch's headers.
   */
  dispatch?: (request: Request) => Promise<Response> | Response;
  /** Or answers one part directly, given its path (with query) and the batch's headers (the part's own). */
  part?: (path: string, headers: Headers) => PartAnswer | Promise<PartAnswer>;
  /** Whether a part's path (without query) may be asked for (default: under `/fragments/`, not the batch itself). */
  allows?: (path: string) => boolean;
  /** The most parts in one batch (default {@link MAX_BATCH_PARTS}). */
  maxParts?: number;
}

/** Settles at the event loop's next turn: one timer for every batch answered in this one. */
let turn: Promise<void> | undefined;
function nextTurn(): Promise<void> {
  turn ??= new Promise<void>((done) =>
    setImmediate(() => {
      turn = undefined;
      done();
    }),
  );
  return turn;
}

const underFragments = (batchPath: string) => (path: string) =>
  path.startsWith("/fragments/") && path !== batchPath;

/** A query value decoded (only when it holds an escape: a traceparent never does). */
function queryValue(raw: string): string {
  return raw.includes("%") || raw.includes("+") ? decodeURIComponent(raw.replaceAll("+", " ")) : raw;
}

/** The `p` and `t` values of a batch's query, in order (undefined for a malformed escape). */
function parseParts(query: string): { paths: string[]; parents: string[] } | undefined {
  const paths: string[] = [];
  const parents: string[] = [];
  for (const pair of query.split("&")) {
    const name = pair.slice(0, 2);
    if (name !== "p=" && name !== "t=") continue;
    let value: string;
    try {
      value = queryValue(pair.slice(2));
    } catch {
      return undefined;
    }
    (name === "p=" ? paths : parents).push(value);
  }
  return { paths, parents };
}

/** A piece of a batch answer: text (sent as UTF-8) or bytes. */
type Piece = string | Uint8Array;
const NON_ASCII = /[\u0080-\uffff]/;

/**
 * A part's frame: its index, then its answer as an HTTP/1.1 message with its length. The head
 * goes as text when it is ASCII (header values are bytes: any other is sent as latin1), and a
 * text body as text, so a batch of text parts is encoded once, whole.
 */
function frameOf(
  index: number,
  status: number,
  headers: Headers | Record<string, string>,
  body: Uint8Array | string,
): Piece[] {
  let head = `${index}\r\nHTTP/1.1 ${status} \r\n`;
  if (headers instanceof Headers)
    headers.forEach((value, name) => {
      if (!NOT_FRAMED.has(name)) head += `${name}: ${value}\r\n`;
    });
  else
    for (const name in headers)
      if (!NOT_FRAMED.has(name.toLowerCase())) head += `${name}: ${headers[name]}\r\n`;
  const length = typeof body === "string" ? Buffer.byteLength(body) : body.byteLength;
  head += `content-length: ${length}\r\n\r\n`;
  const framed = NON_ASCII.test(head) ? Buffer.from(head, "latin1") : head;
  return length > 0 ? [framed, body] : [framed];
}

/** Pieces as one body: a string when they are all text (encoded once), else bytes. */
function joined(pieces: Piece[]): string | Buffer<ArrayBuffer> {
  if (pieces.every((piece) => typeof piece === "string")) return pieces.join("");
  return Buffer.concat(pieces.map((piece) => (typeof piece === "string" ? Buffer.from(piece) : piece)));
}

/**
 * Answers a batch request: every part served at once, with the batch's headers (`dispatch`: as
 * a request of its own; `part`: by the service directly). The parts done before the event loop's
 * next turn are answered whole (one body with its length); when one takes longer, the answer
 * streams: the parts done so far at once, each later one framed into the stream as soon as it is
 * whole, so a slow part holds back no other. A malformed batch is a 422 problem naming the bad
 * part; a part that throws is framed as a 502 problem, the others unaffected.
 */
export async function serveFragmentBatch(request: Request, options: BatchServerOptions): Promise<Response> {
  if (!options.dispatch && !options.part)
    throw new TypeError("serveFragmentBatch: give `dispatch` or `part`");
  const target = request.url;
  const queryAt = target.indexOf("?");
  const pathname = target.slice(
    target.indexOf("/", target.indexOf("//") + 2),
    queryAt < 0 ? undefined : queryAt,
  );
  const refuse = (detail: string) =>
    problemResponse(problem("validation_failed", detail, { instance: pathname }));
  const parsed = parseParts(queryAt < 0 ? "" : target.slice(queryAt + 1));
  if (!parsed) return refuse("query: a p= or t= value has a malformed %-escape");
  const { paths, parents } = parsed;
  const maxParts = options.maxParts ?? MAX_BATCH_PARTS;
  const allows = options.allows ?? underFragments(pathname);
  if (parents.length !== 0 && parents.length !== paths.length)
    return refuse(
      `query.t: each part p= is followed by its t=<traceparent> (${paths.length} p, ${parents.length} t)`,
    );
  if (paths.length === 0) return refuse("query.p: a batch names its parts as p=<path>; none given");
  if (paths.length > maxParts)
    return refuse(`query.p: a batch holds at most ${maxParts} parts; this one asked for ${paths.length}`);
  for (let i = 0; i < paths.length; i++) {
    const path = paths[i] as string;
    const end = path.indexOf("?");
    if (!PART_PATH.test(path) || path.length > 2048 || !allows(end < 0 ? path : path.slice(0, end)))
      return refuse(
        `query.p: part ${i} (${JSON.stringify(path.slice(0, 100))}) is not a fragment path of this service`,
      );
    const parent = parents[i];
    if (parent && !TRACEPARENT.test(parent))
      return refuse(`query.t: part ${i}'s traceparent ${JSON.stringify(parent.slice(0, 80))} is malformed`);
  }
  /** The batch's headers a dispatched part is sent with; `own`: without its trace context, for a part that has its own. */
  const inherited: [string, string][] = [];
  const own: [string, string][] = [];
  if (options.dispatch)
    request.headers.forEach((value, name) => {
      if (NOT_INHERITED.has(name)) return;
      inherited.push([name, value]);
      if (name !== "traceparent" && name !== "tracestate") own.push([name, value]);
    });

  /** Frames not sent yet; once streaming, those of one tick leave as one chunk. */
  let ready: Piece[] = [];
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  /** False once the caller went away: parts still running are answered into nothing. */
  let open = true;
  const flush = () => {
    if (open && controller && ready.length > 0) {
      const chunk = joined(ready);
      controller.enqueue(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
    }
    ready = [];
  };
  const add = (frame: Piece[]) => {
    if (!open) return;
    if (controller && ready.length === 0) queueMicrotask(flush);
    ready.push(...frame);
  };
  const failed = (index: number, path: string, error: unknown) => {
    const body = problem(
      "bad_gateway",
      `Part ${index} (${path.slice(0, 100)}) failed: ${(error as Error).message}`,
    );
    add(frameOf(index, body.status, { "content-type": PROBLEM_CONTENT_TYPE }, JSON.stringify(body)));
  };
  const origin = options.dispatch ? new URL(target).origin : "";
  const running: Promise<void>[] = [];
  for (let index = 0; index < paths.length; index++) {
    const path = paths[index] as string;
    try {
      if (options.part) {
        const answer = options.part(path, request.headers);
        const framed = (given: PartAnswer) => add(frameOf(index, given.status, given.headers, given.body));
        if (answer instanceof Promise)
          running.push(answer.then(framed, (error) => failed(index, path, error)));
        else framed(answer);
        continue;
      }
      const dispatch = options.dispatch as NonNullable<BatchServerOptions["dispatch"]>;
      // the part's own trace context, in place of the batch's
      const parent = parents[index];
      const headers: [string, string][] = parent ? [...own, ["traceparent", parent]] : inherited;
      running.push(
        (async () => {
          const response = await dispatch(new Request(origin + path, { headers }));
          const body = new Uint8Array(await response.arrayBuffer());
          add(frameOf(index, response.status, response.headers, body));
        })().catch((error) => failed(index, path, error)),
      );
    } catch (error) {
      failed(index, path, error);
    }
  }
  const headers = { "content-type": BATCH_CONTENT_TYPE, "cache-control": "no-store" };
  const all = running.length > 0 ? Promise.all(running) : undefined;
  let whole = !all;
  if (all) await Promise.race([all.then(() => (whole = true)), nextTurn()]);
  if (whole) return new Response(joined(ready), { status: 200, headers });
  const body = new ReadableStream<Uint8Array>({
    start(streaming) {
      controller = streaming;
      flush();
      return all?.then(() => {
        flush();
        if (open) streaming.close();
        open = false;
      });
    },
    cancel() {
      open = false;
    },
  });
  return new Response(body, { status: 200, headers });
}

/**
 * Reads a batch answer's body as it arrives: each part handed to `emit` as a wire answer (its
 * body whole) as soon as its frame is complete. Throws {@link WireProtocolError} for a frame that
 * breaks the format (an index out of range or seen twice, a part's head over `maxHeadBytes`).
 */
export class BatchDecoder {
  private pending: Buffer | undefined;
  private readonly seen: Uint8Array;
  private left: number;

  constructor(
    private readonly parts: number,
    private readonly maxHeadBytes = 64 * 1024,
  ) {
    this.seen = new Uint8Array(parts);
    this.left = parts;
  }

  /** True once every part was emitted. */
  get done(): boolean {
    return this.left === 0;
  }

  feed(chunk: Uint8Array, emit: (index: number, answer: WireAnswer) => void): void {
    const bytes = this.pending
      ? Buffer.concat([this.pending, chunk])
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let at = 0;
    while (at < bytes.byteLength) {
      const line = bytes.indexOf("\r\n", at, "latin1");
      if (line < 0) break;
      const index = Number(bytes.toString("latin1", at, line));
      if (!Number.isInteger(index) || index < 0 || index >= this.parts || line === at)
        throw new WireProtocolError(
          `batch: bad part index ${JSON.stringify(bytes.toString("latin1", at, line))}`,
        );
      const end = headEnd(bytes, line + 2);
      if (end < 0) {
        if (bytes.byteLength - line > this.maxHeadBytes)
          throw new WireProtocolError(`batch: part ${index}'s head is over ${this.maxHeadBytes} bytes`);
        break;
      }
      const head = parseHead(bytes.toString("latin1", line + 2, end), "GET");
      if (head.framing !== "length" && head.framing !== "none")
        throw new WireProtocolError(`batch: part ${index} has no content-length`);
      const start = end + 4;
      if (bytes.byteLength < start + head.length) break;
      if (this.seen[index]) throw new WireProtocolError(`batch: part ${index} came twice`);
      this.seen[index] = 1;
      this.left--;
      emit(index, {
        status: head.status,
        headers: head.headers,
        body: bytes.subarray(start, start + head.length),
      });
      at = start + head.length;
    }
    this.pending = at < bytes.byteLength ? bytes.subarray(at) : undefined;
  }
}
