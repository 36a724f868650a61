/**
 * The composer's core, free of any web framework: from a parsed template to a streamed
 * `Response`. Every fragment of the template is requested at once; the page streams in template
 * order, so the head and everything above the first fragment leave before any fragment answers
 * (and, unless a primary or required fragment decides the page's status, before any fragment is
 * requested: under a burst of requests every head goes out first). Fragment bodies are scanned as they arrive: a nested `<tessera-fragment>` starts its own request
 * the moment its tag is seen (depth-limited, cycles refused). Deferred fragments get a placeholder
 * in place and their content at the end of the body, in the order they finish, moved into place
 * by a tiny nonce'd script (without JavaScript the content stays visible at the end).
 */
import type { HeaderLookup } from "@tessera/chassis/http";
import {
  type CsrfMarkup,
  csrfSegments,
  FormFieldWriter,
  formFree,
  markedResponses,
  noFormIn,
} from "./stream/forms.ts";
import { AsyncQueue } from "./stream/queue.ts";
import { cutAtTags, FragmentTagScanner, noTagIn, plainChunk } from "./stream/scanner.ts";
import { type FragmentSlot, type Part, parseSlot, type Template } from "./template/parse.ts";

/** A fragment ready to stream: its upstream status and body, or a fallback. */
export interface FragmentResult {
  status: number;
  /** The fragment's response headers (`location` makes a primary fragment's redirect the page's). */
  headers: HeaderLookup;
  body: ReadableStream<Uint8Array> | Uint8Array | string;
  /** True when the body is fallback content, not the team's answer. */
  fallback: boolean;
}

export interface ComposeOptions {
  /** Fetches one fragment; never rejects for an optional fragment (it falls back). */
  resolve: (slot: FragmentSlot) => Promise<FragmentResult>;
  /** Values for `{{name}}` placeholders. */
  vars: Record<string, string>;
  /**
   * Headers every page of a route shares, built once and never changed: copied into the
   * response as they are (natively, with no conversion), this page's own set on top.
   */
  headers?: Headers;
  /** This page's own headers (its `traceresponse`). */
  pageHeaders?: Record<string, string>;
  /** `set-cookie` values for the page's response. */
  cookies?: string[];
  /** The response's CSP nonce, put on every inline script the composer writes. */
  nonce: string;
  /** How deep fragments may nest (a page's own fragments are depth 1). */
  maxDepth?: number;
  /** HTML for the end of the body once every nested fragment is known (late federation data); not called for a page without nested fragments. */
  end?: (nested: FragmentSlot[]) => Promise<string> | string;
  /** Told about a nesting problem (cycle, depth, bad tag); the slot falls back. */
  onNestingError?: (message: string, slot?: FragmentSlot) => void;
  /**
   * The page's CSRF markup, added as the page streams: the field after every POST form's start
   * tag (template and fragments), the meta before the template's `</head>`.
   */
  csrf?: CsrfMarkup;
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
/** Decodes bodies known whole (no state kept between calls). */
const decoder = new TextDecoder();
/** A template text part cut where the CSRF markup goes (computed once per part). */
const segmentsOf = new WeakMap<Part, (Uint8Array | "field" | "meta")[]>();
function csrfSegmentsOf(part: Part & { kind: "text" }): (Uint8Array | "field" | "meta")[] {
  let segments = segmentsOf.get(part);
  if (!segments) {
    segments = csrfSegments(decoder.decode(part.bytes)).map((s) =>
      s === "field" || s === "meta" ? s : encoder.encode(s),
    );
    segmentsOf.set(part, segments);
  }
  return segments;
}
/** Nested tags parsed before, by parent, attributes and inner HTML (a fragment sends the same tags to every page). */
const nestedSlots = new Map<string, FragmentSlot>();
const NESTED_SLOTS_KEPT = 1000;

/** The slot of a nested tag (always optional), parsed once per distinct tag; throws for a bad tag. */
function nestedSlotOf(parent: string, attributes: string, inner: string): FragmentSlot {
  const key = `${parent}\0${attributes}\0${inner}`;
  let slot = nestedSlots.get(key);
  if (!slot) {
    slot = { ...parseSlot(parent, attributes, inner), tier: "optional" };
    if (nestedSlots.size >= NESTED_SLOTS_KEPT) nestedSlots.clear();
    nestedSlots.set(key, slot);
  }
  return slot;
}

/**
 * A fragment body ready to write: a body that came whole cut at its fragment tags (`parts`: the
 * text between them and the nested fragments, already requested), or the body as it came.
 */
type Ready = { parts: BodyPart[] } | { body: FragmentResult["body"] };

/** A piece of a body cut at its tags: text (decoded, or a view of the bytes) or a nested fragment. */
type BodyPart = string | Uint8Array | Promise<Nested>;

/** A nested fragment started: its body ready to write in `chain`, or the markup standing in its place. */
type Nested = { ready: Ready; chain: string[] } | { html: string };

const keyOf = (slot: FragmentSlot) => `${slot.service}/${slot.name}`;
const escapeComment = (text: string) => text.replace(/--/g, "—");

/**
 * Composes `template` into a streamed HTML response. Throws {@link PageFailure} when a primary
 * fragment answers other than 2xx (its status or redirect becomes the page's) or a required one
 * fails (the page becomes an error page).
 */
export async function compose(template: Template, options: ComposeOptions): Promise<Response> {
  // A page whose status no fragment decides sends its head first: the fragments are requested
  // together one macrotask later, so under a burst of requests every page's first bytes leave
  // before any page's fragment work (span, headers, fetch) is done.
  const decides = template.slots.some((slot) => slot.tier === "primary" || slot.tier === "required");
  const pending = new Map<FragmentSlot, Promise<FragmentResult>>();
  /** Nested fragments started; when the page fails before its body, their bodies are dropped. */
  const started: Promise<Nested>[] = [];
  let abandoned = false;
  if (decides) for (const slot of template.slots) pending.set(slot, options.resolve(slot));
  else {
    const ready = new Promise<void>((resolve) => setImmediate(resolve));
    for (const slot of template.slots)
      pending.set(
        slot,
        ready.then(() => options.resolve(slot)),
      );
  }
  const maxDepth = options.maxDepth ?? 4;
  const csrf = options.csrf;
  /** The CSRF field's bytes, encoded when a template part first holds a POST form. */
  let field: Uint8Array | undefined;
  const fieldBytes = (markup: CsrfMarkup) => {
    field ??= encoder.encode(markup.field);
    return field;
  };
  /** True when a chunk can skip the CSRF form writer. */
  const noForm = (chunk: Uint8Array) => !csrf || formFree(chunk);
  /** True when a whole body needs no CSRF field (no token, or no form in it). */
  const noForms = (body: Uint8Array) => !csrf || noFormIn(body);
  /** True when a whole body has no fragment tag and needs no CSRF field. */
  const wholePlain = (body: Uint8Array) => noTagIn(body) && noForms(body);
  /** HTML known whole (fallbacks) with the CSRF field in its POST forms. */
  const withFields = (html: string) => {
    if (!csrf) return html;
    const writer = new FormFieldWriter(csrf.field);
    return writer.feed(html) + writer.flush();
  };
  const nested: FragmentSlot[] = [];
  const deferred: { id: string; slot: FragmentSlot; result: Promise<FragmentResult> }[] = [];
  /** Each in-place fragment's body made ready the moment it arrives (its nested fragments requested then). */
  const readied = new Map<FragmentSlot, Promise<Ready>>();
  for (const slot of template.slots) {
    if (slot.tier === "deferred") continue;
    const ready = (pending.get(slot) as Promise<FragmentResult>).then((result) =>
      makeReady(result.body, [keyOf(slot)]),
    );
    // awaited in its turn; a page that stops before it leaves it unread
    ready.catch(() => {});
    readied.set(slot, ready);
  }

  // Primary and required fragments decide whether the page can be served at all, so the
  // page waits for their headers (not their bodies) before the first byte.
  for (const slot of template.slots) {
    if (slot.tier !== "primary" && slot.tier !== "required") continue;
    const result = await (pending.get(slot) as Promise<FragmentResult>);
    const failed = slot.tier === "primary" ? result.status >= 300 : result.fallback || result.status >= 400;
    if (failed) {
      abandoned = true;
      for (const other of pending.values()) other.then(discard, () => {});
      for (const child of started) child.then(discardNested, () => {});
      throw new PageFailure(slot, result.status, result.headers.get("location") ?? undefined);
    }
  }

  /** Streams a fragment body, resolving the fragments nested in it. */
  async function* expand(body: FragmentResult["body"], chain: string[]): AsyncGenerator<Uint8Array> {
    if (body instanceof Uint8Array && wholePlain(body)) {
      if (body.byteLength > 0) yield body;
      return;
    }
    if (!(body instanceof ReadableStream)) {
      yield* expandQueued(body, chain);
      return;
    }
    // Fast path: chunks without a (possible start of a) fragment tag go straight through, with
    // no queue and no decoding; the first chunk that has one hands the rest to the scanner.
    const reader = body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      if (value.byteLength === 0) continue;
      if (plainChunk(value) && noForm(value)) {
        yield value;
        continue;
      }
      yield* expandQueued(rest(reader, value), chain);
      return;
    }
  }

  /**
   * Writes a fragment body into the page: what {@link expand} yields, without an async generator
   * step per chunk on the fast path (plain chunks are enqueued as they are read).
   */
  async function pipe(
    ready: Ready,
    chain: string[],
    controller: ReadableStreamDefaultController<Uint8Array>,
  ): Promise<void> {
    if ("parts" in ready) return writeParts(ready.parts, controller);
    const body = ready.body;
    let source: FragmentResult["body"] | AsyncIterable<Uint8Array> = body;
    // a body that came whole (the usual small fragment, or a cached one) without tags or forms
    // is written as it is: no decoding, scanner or queue
    if (body instanceof Uint8Array) {
      if (body.byteLength > 0) controller.enqueue(body);
      return;
    }
    if (body instanceof ReadableStream) {
      const reader = body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        if (value.byteLength === 0) continue;
        if (plainChunk(value) && noForm(value)) {
          controller.enqueue(value);
          continue;
        }
        source = rest(reader, value);
        break;
      }
    }
    for await (const chunk of expandQueued(source, chain)) controller.enqueue(chunk);
  }

  /** Streams HTML through the tag scanner, starting nested fragments the moment they are seen. */
  async function* expandQueued(
    body: FragmentResult["body"] | AsyncIterable<Uint8Array>,
    chain: string[],
  ): AsyncGenerator<Uint8Array> {
    const queue = new AsyncQueue<Uint8Array | Promise<AsyncIterable<Uint8Array>>>();
    const scanner = new FragmentTagScanner();
    const forms = csrf ? new FormFieldWriter(csrf.field) : undefined;
    const text = (html: string) => {
      if (html) queue.push(encoder.encode(html));
    };
    const take = (items: ReturnType<FragmentTagScanner["feed"]>) => {
      for (const item of items) {
        if ("text" in item) text(forms ? forms.feed(item.text) : item.text);
        else {
          if (forms) text(forms.flush());
          queue.push(nestedSlot(item.attributes, item.inner, chain));
        }
      }
    };
    void (async () => {
      if (typeof body === "string") take(scanner.feed(body));
      else if (body instanceof Uint8Array) take(scanner.feed(decoder.decode(body)));
      else {
        const streaming = new TextDecoder();
        // Chunks without tags skip decoding, unless the decoder holds part of a character.
        let clean = true;
        for await (const chunk of body) {
          if (clean && scanner.idle && plainChunk(chunk) && (!forms || (forms.idle && formFree(chunk)))) {
            queue.push(chunk);
            continue;
          }
          take(scanner.feed(streaming.decode(chunk, { stream: true })));
          clean = chunk.byteLength === 0 || (chunk[chunk.byteLength - 1] as number) < 0x80;
        }
        take(scanner.feed(streaming.decode()));
      }
      take(scanner.flush());
      if (forms) text(forms.flush());
      queue.close();
    })().catch((error) => queue.fail(error));
    for await (const item of queue) {
      if (item instanceof Uint8Array) yield item;
      else yield* await item;
    }
  }

  /** Starts a nested fragment now; what to stream in its place once it is its turn. */
  async function nestedSlot(
    attributes: string,
    inner: string,
    chain: string[],
  ): Promise<AsyncIterable<Uint8Array>> {
    const found = await nestedStart(attributes, inner, chain);
    return "html" in found ? once(found.html) : expandReady(found.ready, found.chain);
  }

  /** What {@link expand} yields, for a body made ready (cut at its tags when it came whole). */
  async function* expandReady(ready: Ready, chain: string[]): AsyncGenerator<Uint8Array> {
    if (!("parts" in ready)) {
      yield* expand(ready.body, chain);
      return;
    }
    for (const part of ready.parts) {
      if (typeof part === "string") {
        if (part) yield encoder.encode(part);
        continue;
      }
      if (part instanceof Uint8Array) {
        yield part;
        continue;
      }
      const found = await part;
      if ("html" in found) yield encoder.encode(found.html);
      else yield* expandReady(found.ready, found.chain);
    }
  }

  /**
   * A body made ready to write: one that came whole with fragment tags is cut at them now, and
   * its nested fragments requested now — as soon as it arrives, not when its turn to be written
   * comes, so the fragments nested in every fragment of a page are requested together, with no
   * waterfall behind the fragments above them. Other bodies stay as they came.
   */
  function makeReady(body: FragmentResult["body"], chain: string[]): Ready {
    if (body instanceof ReadableStream || abandoned) return { body };
    if (typeof body === "string") return { parts: cut(body, chain, !!csrf) };
    // a body without forms is written as it is, or (it holds tags) cut on its bytes: never decoded
    if (noForms(body)) return noTagIn(body) ? { body } : { parts: cutBytes(body, chain) };
    return { parts: cut(decoder.decode(body), chain, true) };
  }

  /**
   * Starts a nested fragment now: its body (and the chain to expand it in), or the markup that
   * stands in its place (a comment naming the problem, its fallback) ready to stream as it is.
   */
  async function nestedStart(attributes: string, inner: string, chain: string[]): Promise<Nested> {
    let slot: FragmentSlot;
    try {
      slot = nestedSlotOf(chain.at(-1) ?? template.name, attributes, inner);
    } catch (error) {
      options.onNestingError?.((error as Error).message);
      return { html: `<!-- tessera: ${escapeComment((error as Error).message)} -->` };
    }
    const key = keyOf(slot);
    const problem = chain.includes(key)
      ? `fragment cycle ${[...chain, key].join(" > ")}`
      : chain.length >= maxDepth
        ? `fragment nesting deeper than ${maxDepth}: ${[...chain, key].join(" > ")}`
        : undefined;
    if (problem) {
      options.onNestingError?.(problem, slot);
      return {
        html: `<!-- tessera: ${escapeComment(problem)} --><div data-boundary="${key}" data-fallback="true">${withFields(slot.fallback)}</div>`,
      };
    }
    nested.push(slot);
    try {
      const result = await options.resolve(slot);
      const inner = [...chain, key];
      return { ready: makeReady(result.body, inner), chain: inner };
    } catch (error) {
      options.onNestingError?.(`nested fragment ${key} failed: ${(error as Error).message}`, slot);
      return { html: `<div data-boundary="${key}" data-fallback="true">${withFields(slot.fallback)}</div>` };
    }
  }

  /**
   * A body known whole cut at its fragment tags: the text between them (with the CSRF field in
   * its POST forms when `withForms`) and each nested fragment, requested now, as the streaming
   * scanner would on seeing its tag. No queue or generator per nested fragment.
   */
  function cut(html: string, chain: string[], withForms: boolean): BodyPart[] {
    const scanner = new FragmentTagScanner();
    const forms = csrf && withForms ? new FormFieldWriter(csrf.field) : undefined;
    const parts: BodyPart[] = [];
    const take = (items: ReturnType<FragmentTagScanner["feed"]>) => {
      for (const item of items) {
        if ("text" in item) parts.push(forms ? forms.feed(item.text) : item.text);
        else {
          if (forms) parts.push(forms.flush());
          parts.push(startNested(item.attributes, item.inner, chain));
        }
      }
    };
    take(scanner.feed(html));
    take(scanner.flush());
    if (forms) parts.push(forms.flush());
    return parts;
  }

  /** {@link cut} for a body without forms, on its bytes (see `cutAtTags`). */
  function cutBytes(body: Uint8Array, chain: string[]): BodyPart[] {
    const parts: BodyPart[] = [];
    for (const item of cutAtTags(body))
      parts.push("bytes" in item ? item.bytes : startNested(item.attributes, item.inner, chain));
    return parts;
  }

  /** {@link nestedStart}, kept among the fragments a failing page drops. */
  function startNested(attributes: string, inner: string, chain: string[]): Promise<Nested> {
    const child = nestedStart(attributes, inner, chain);
    started.push(child);
    return child;
  }

  /** Writes cut parts in order: the text between tags as one chunk, each nested fragment in its turn. */
  async function writeParts(
    parts: BodyPart[],
    controller: ReadableStreamDefaultController<Uint8Array>,
  ): Promise<void> {
    let text = "";
    for (const part of parts) {
      if (typeof part === "string") {
        text += part;
        continue;
      }
      if (text) controller.enqueue(encoder.encode(text));
      text = "";
      if (part instanceof Uint8Array) {
        controller.enqueue(part);
        continue;
      }
      const found = await part;
      if ("html" in found) controller.enqueue(encoder.encode(found.html));
      else await pipe(found.ready, found.chain, controller);
    }
    if (text) controller.enqueue(encoder.encode(text));
  }

  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      // Template text, variables and placeholders known at once are gathered and sent as one
      // chunk (one write) right before the stream waits on anything: the head still leaves
      // before the first fragment is awaited.
      let held: Uint8Array[] = [];
      const hold = (chunk: Uint8Array) => {
        if (chunk.byteLength > 0) held.push(chunk);
      };
      const send = () => {
        if (held.length === 1) controller.enqueue(held[0] as Uint8Array);
        else if (held.length > 1) controller.enqueue(Buffer.concat(held));
        held = [];
      };
      try {
        for (const part of template.parts) {
          if (part.kind === "text") {
            if (!csrf) hold(part.bytes);
            else
              for (const segment of csrfSegmentsOf(part))
                hold(
                  segment === "field"
                    ? fieldBytes(csrf)
                    : segment === "meta"
                      ? encoder.encode(csrf.meta)
                      : segment,
                );
          } else if (part.kind === "var") hold(encoder.encode(options.vars[part.name] ?? ""));
          else if (part.kind === "end") {
            if (deferred.length > 0) {
              send();
              for await (const chunk of deferredContent()) controller.enqueue(chunk);
            }
            if (options.end && nested.length > 0) {
              send();
              hold(encoder.encode(await options.end(nested)));
            }
          } else if (part.slot.tier === "deferred") {
            const id = `tessera-deferred-${deferred.length + 1}`;
            deferred.push({ id, slot: part.slot, result: pending.get(part.slot) as Promise<FragmentResult> });
            hold(
              encoder.encode(
                `<div id="${id}" data-tessera-deferred="${keyOf(part.slot)}" aria-busy="true">${withFields(part.slot.fallback)}</div>`,
              ),
            );
          } else {
            send();
            await pipe(await (readied.get(part.slot) as Promise<Ready>), [keyOf(part.slot)], controller);
          }
        }
        send();
        controller.close();
      } catch (error) {
        controller.error(error);
      }
    },
  });

  /** Deferred fragments, each as soon as it is ready (out of order), with the script that moves it. */
  async function* deferredContent(): AsyncGenerator<Uint8Array> {
    const waiting = new Map(deferred.map((d, i) => [i, d.result.then((result) => ({ i, result }))]));
    while (waiting.size > 0) {
      const { i, result } = await Promise.race(waiting.values());
      waiting.delete(i);
      const { id, slot } = deferred[i] as (typeof deferred)[number];
      yield encoder.encode(`<div id="${id}-content" data-tessera-deferred-content="${keyOf(slot)}">`);
      yield* expand(result.body, [keyOf(slot)]);
      yield encoder.encode(
        `</div><script nonce="${options.nonce}">(()=>{const p=document.getElementById("${id}"),c=document.getElementById("${id}-content");if(p&&c){p.replaceChildren(...c.childNodes);p.removeAttribute("aria-busy");c.remove()}})()</script>`,
      );
    }
  }

  const response = new Response(body, { status: 200, headers: options.headers });
  const headers = response.headers;
  headers.set("content-type", "text/html; charset=utf-8");
  headers.set(
    "content-security-policy",
    `script-src 'nonce-${options.nonce}' 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'`,
  );
  // its nonce (and CSRF token) are this response's own: no cache may store it
  headers.set("cache-control", "no-store");
  for (const name in options.pageHeaders) headers.set(name, options.pageHeaders[name] as string);
  for (const cookie of options.cookies ?? []) headers.append("set-cookie", cookie);
  if (csrf) markedResponses.add(response);
  return response;
}

/** `first`, then whatever `reader` still has. */
async function* rest(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  first: Uint8Array,
): AsyncGenerator<Uint8Array> {
  yield first;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

async function* once(text: string): AsyncGenerator<Uint8Array> {
  yield encoder.encode(text);
}

function discard(result: { body: FragmentResult["body"] }): void {
  if (result.body instanceof ReadableStream) result.body.cancel().catch(() => {});
}

/** Drops a nested fragment's body unread, and those of the fragments nested in it. */
function discardNested(found: Nested): void {
  if ("html" in found) return;
  if ("body" in found.ready) discard(found.ready);
  else for (const part of found.ready.parts) if (part instanceof Promise) part.then(discardNested, () => {});
}
