/**
 * Finds `<tessera-fragment …>…</tessera-fragment>` tags in HTML arriving in pieces: text before a
 * tag is released at once, a tag split across chunks is held until it is complete.
 */
const OPEN = "<tessera-fragment";
const CLOSE = "</tessera-fragment>";

/** A piece of scanned HTML: plain text, or a whole fragment tag (attributes and inner HTML). */
export type Scanned = { text: string } | { attributes: string; inner: string; tag: string };

export class FragmentTagScanner {
  private buffer = "";

  /** True when nothing is held back (a chunk without tags may then bypass the scanner). */
  get idle(): boolean {
    return this.buffer === "";
  }

  /** Feeds more HTML; returns what can be released now. */
  feed(text: string): Scanned[] {
    this.buffer += text;
    const out: Scanned[] = [];
    for (;;) {
      const start = this.buffer.indexOf(OPEN);
      if (start < 0) {
        const keep = partialPrefix(this.buffer);
        const release = this.buffer.slice(0, this.buffer.length - keep);
        if (release) out.push({ text: release });
        this.buffer = this.buffer.slice(this.buffer.length - keep);
        return out;
      }
      if (start > 0) out.push({ text: this.buffer.slice(0, start) });
      const end = this.buffer.indexOf(CLOSE, start);
      if (end < 0) {
        this.buffer = this.buffer.slice(start);
        return out;
      }
      const tag = this.buffer.slice(start, end + CLOSE.length);
      const gt = tag.indexOf(">");
      out.push({
        tag,
        attributes: tag.slice(OPEN.length, gt),
        inner: tag.slice(gt + 1, tag.length - CLOSE.length),
      });
      this.buffer = this.buffer.slice(end + CLOSE.length);
    }
  }

  /** Releases whatever is held (an unclosed tag is passed through as text). */
  flush(): Scanned[] {
    const rest = this.buffer;
    this.buffer = "";
    return rest ? [{ text: rest }] : [];
  }
}

/** How many trailing characters could be the start of `<tessera-fragment`. */
function partialPrefix(text: string): number {
  const from = Math.max(0, text.length - OPEN.length + 1);
  for (let i = text.indexOf("<", from); i >= 0; i = text.indexOf("<", i + 1)) {
    if (OPEN.startsWith(text.slice(i))) return text.length - i;
  }
  return 0;
}

const OPEN_BYTES = Buffer.from(OPEN);

/**
 * True when a chunk can be streamed as it is: no fragment tag in it and no possible start of one
 * at its end (checked on the bytes, without decoding).
 */
export function plainChunk(chunk: Uint8Array): boolean {
  if (!noTagIn(chunk)) return false;
  const bytes = asBuffer(chunk);
  const lt = bytes.lastIndexOf(0x3c);
  if (lt < 0 || lt < bytes.length - OPEN.length) return true;
  return !OPEN_BYTES.subarray(0, bytes.length - lt).equals(bytes.subarray(lt));
}

const CLOSE_BYTES = Buffer.from(CLOSE);

/** A piece of a body cut on its bytes: a view of its text, or a whole fragment tag. */
export type ScannedBytes = { bytes: Uint8Array } | { attributes: string; inner: string };

/**
 * A body known whole cut at its fragment tags, as {@link FragmentTagScanner} cuts its text, but on
 * the bytes: the text between tags comes out as views of the body (nothing decoded or copied),
 * only each tag's attributes and inner HTML are decoded. (The markers are ASCII, which a UTF-8
 * character's bytes never hold, so byte and character positions cut alike.)
 */
export function cutAtTags(body: Uint8Array): ScannedBytes[] {
  const bytes = asBuffer(body);
  const out: ScannedBytes[] = [];
  let at = 0;
  for (;;) {
    const start = bytes.indexOf(OPEN_BYTES, at);
    const end = start < 0 ? -1 : bytes.indexOf(CLOSE_BYTES, start);
    // no more tags, or one never closed: the rest is text
    if (end < 0) {
      if (at < bytes.length) out.push({ bytes: bytes.subarray(at) });
      return out;
    }
    if (start > at) out.push({ bytes: bytes.subarray(at, start) });
    const gt = bytes.indexOf(0x3e, start);
    out.push({
      attributes: bytes.toString("utf8", start + OPEN.length, gt),
      inner: gt + 1 < end ? bytes.toString("utf8", gt + 1, end) : "",
    });
    at = end + CLOSE.length;
  }
}

/** True when a body known whole holds no fragment tag (a tag's start at its very end is only text). */
export function noTagIn(body: Uint8Array): boolean {
  return asBuffer(body).indexOf(OPEN_BYTES) < 0;
}

/**
 * `bytes` as a `Buffer` (for its native searches) without copying: as it is when it is one (what
 * the wire client answers), else a view — reading `.buffer` makes the engine materialise an
 * `ArrayBuffer` for a small typed array, so it is done only when needed.
 */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
