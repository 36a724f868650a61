/**
 * A response's header fields as they came on the wire, read without building a `Headers`: the
 * wire client's answers carry them, and their callers look up two or three names (a composer
 * reads a fragment's content type, cache directives and validator). `toHeaders()` makes the
 * `Headers` when one is needed (a stored copy, a proxied response).
 *
 * @example
 * const fields = HeaderFields.fromPairs([["content-type", "text/html"], ["etag", '"v1"']]);
 * fields.get("ETag"); // '"v1"'
 */

import { TOKEN } from "./wire-request.ts";

/** What reading a header needs: `Headers` and {@link HeaderFields} both are one. */
export interface HeaderLookup {
  get(name: string): string | null;
}

/** The characters a header name may hold (`TOKEN`'s, RFC 9110 tchar), by char code: no slice to test. */
const TCHAR = new Uint8Array(128);
for (let code = 0; code < 128; code++) if (TOKEN.test(String.fromCharCode(code))) TCHAR[code] = 1;

/** True when `text` from `start` to `end` is a header name (a non-empty token). */
export function isFieldName(text: string, start: number, end: number): boolean {
  if (end <= start) return false;
  for (let i = start; i < end; i++) if (TCHAR[text.charCodeAt(i)] !== 1) return false;
  return true;
}

/** True when the name at `start` in `text` (any case, as long as `lower`) is `lower`. */
export function isNamed(text: string, start: number, lower: string): boolean {
  for (let i = 0; i < lower.length; i++) {
    let c = text.charCodeAt(start + i);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== lower.charCodeAt(i)) return false;
  }
  return true;
}

export class HeaderFields implements HeaderLookup, Iterable<[string, string]> {
  /**
   * `text`: the head as received; `bounds`: each field's name start and end and value start and
   * end in it, four numbers a field, in the order received. Nothing is cut out of the text until
   * it is asked for.
   */
  constructor(
    private readonly text: string,
    private readonly bounds: readonly number[],
  ) {}

  /** Fields from name and value pairs (a `fetch` answer's, a test's). */
  static fromPairs(pairs: Iterable<readonly [string, string]>): HeaderFields {
    let text = "";
    const bounds: number[] = [];
    for (const [name, value] of pairs) {
      bounds.push(text.length, text.length + name.length, text.length + name.length + 1);
      text += `${name}:${value}`;
      bounds.push(text.length);
      text += "\n";
    }
    return new HeaderFields(text, bounds);
  }

  /** The fields of a `Headers` (a `fetch` answer given the wire client's shape). */
  static of(headers: Headers): HeaderFields {
    const pairs: [string, string][] = [];
    headers.forEach((value, name) => {
      pairs.push([name, value]);
    });
    return HeaderFields.fromPairs(pairs);
  }

  /** The field's value, several joined with ", " (as `Headers.get`), or null. */
  get(name: string): string | null {
    const wanted = name.toLowerCase();
    const { text, bounds } = this;
    let found: string | null = null;
    for (let i = 0; i < bounds.length; i += 4) {
      const start = bounds[i] as number;
      if ((bounds[i + 1] as number) - start !== wanted.length || !isNamed(text, start, wanted)) continue;
      const value = text.slice(bounds[i + 2], bounds[i + 3]);
      found = found === null ? value : `${found}, ${value}`;
    }
    return found;
  }

  has(name: string): boolean {
    return this.get(name) !== null;
  }

  /** Every `set-cookie` value on its own (they cannot be joined). */
  getSetCookie(): string[] {
    const cookies: string[] = [];
    for (const [name, value] of this) if (name === "set-cookie") cookies.push(value);
    return cookies;
  }

  /** The fields in the order received, names lower-case. */
  *[Symbol.iterator](): IterableIterator<[string, string]> {
    const { text, bounds } = this;
    for (let i = 0; i < bounds.length; i += 4)
      yield [text.slice(bounds[i], bounds[i + 1]).toLowerCase(), text.slice(bounds[i + 2], bounds[i + 3])];
  }

  toHeaders(): Headers {
    const headers = new Headers();
    for (const [name, value] of this) headers.append(name, value);
    return headers;
  }
}
