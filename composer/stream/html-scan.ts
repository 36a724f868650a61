/**
 * The few rules of the HTML tokenizer that decide whether a `<form …>` start tag is markup at all,
 * as the HTML standard gives them and `HTMLRewriter` applies them: where a tag ends (`>` inside a
 * quoted attribute value does not end it), where a comment or bogus comment ends, and which
 * elements hold raw text up to their end tag (`<script>`, `<style>`, `<textarea>`, `<title>`, …).
 * Each rule comes twice, on decoded text (the form writer) and on bytes (the check that lets a
 * chunk skip the writer); the two read the same ASCII characters, so they always agree. Where a
 * tag ends is in `tag-end.ts`.
 *
 * Not followed: foreign content (inside `<svg>`/`<math>`, `<title>` and `<style>` hold markup and
 * `<![CDATA[` opens a section) — a POST form there is left without a field.
 */

export const LT = 0x3c;
export const GT = 0x3e;
export const SLASH = 0x2f;
export const BANG = 0x21;
export const DASH = 0x2d;
export const QUESTION = 0x3f;
export const EQUALS = 0x3d;
export const DQUOTE = 0x22;
export const SQUOTE = 0x27;

/** HTML's whitespace: tab, LF, FF, CR, space. */
export function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0c || c === 0x0d;
}

/** An ASCII letter: what starts a tag name after `<` or `</`. */
export function isAlpha(c: number): boolean {
  const lower = c | 0x20;
  return lower >= 0x61 && lower <= 0x7a;
}

/** Where a tag name stops: whitespace, `/` or `>`. */
export function endsName(c: number): boolean {
  return c === GT || c === SLASH || isSpace(c);
}

/** Elements whose content is text up to their end tag (the ones `HTMLRewriter` switches on). */
export const RAW_TEXT = [
  "script",
  "style",
  "textarea",
  "title",
  "xmp",
  "iframe",
  "noembed",
  "noframes",
  "noscript",
  "plaintext",
] as const;
export type RawText = (typeof RAW_TEXT)[number];
const LONGEST_RAW = 9;

/** True when `length` characters of `text` at `start` are `name` in any ASCII case. */
export function sameName(text: string, start: number, length: number, name: string): boolean {
  if (length !== name.length) return false;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(start + i);
    if ((c >= 0x41 && c <= 0x5a ? c | 0x20 : c) !== name.charCodeAt(i)) return false;
  }
  return true;
}

/** {@link sameName} on bytes. */
export function sameNameBytes(bytes: Uint8Array, start: number, length: number, name: string): boolean {
  if (length !== name.length) return false;
  for (let i = 0; i < length; i++) {
    const c = bytes[start + i] as number;
    if ((c >= 0x41 && c <= 0x5a ? c | 0x20 : c) !== name.charCodeAt(i)) return false;
  }
  return true;
}

/** The raw text elements by the first letter of their name (`a` at 0), for a quick look-up. */
const RAW_BY_LETTER: (readonly RawText[] | undefined)[] = Array.from({ length: 26 }, (_, i) => {
  const names = RAW_TEXT.filter((name) => name.charCodeAt(0) === 0x61 + i);
  return names.length > 0 ? names : undefined;
});

/** The raw text element a tag name of `length` characters at `start` names, if any. */
export function rawTextOf(text: string, start: number, length: number): RawText | undefined {
  if (length < 3 || length > LONGEST_RAW) return undefined;
  const names = RAW_BY_LETTER[(text.charCodeAt(start) | 0x20) - 0x61];
  if (names) for (const name of names) if (sameName(text, start, length, name)) return name;
  return undefined;
}

/** {@link rawTextOf} on bytes. */
export function rawTextOfBytes(bytes: Uint8Array, start: number, length: number): RawText | undefined {
  if (length < 3 || length > LONGEST_RAW) return undefined;
  const names = RAW_BY_LETTER[((bytes[start] as number) | 0x20) - 0x61];
  if (names) for (const name of names) if (sameNameBytes(bytes, start, length, name)) return name;
  return undefined;
}

/** {@link commentEndBytes} on text. */
export function commentEndText(html: string, at: number): number {
  for (let d = at; d < html.length; d++) {
    if (html.charCodeAt(d) !== DASH) continue;
    if (d + 1 >= html.length) return -1;
    if (html.charCodeAt(d + 1) !== DASH) continue;
    if (d + 2 >= html.length) return -1;
    const c = html.charCodeAt(d + 2);
    if (c === GT) return d + 3;
    if (c === BANG) {
      if (d + 3 >= html.length) return -1;
      if (html.charCodeAt(d + 3) === GT) return d + 4;
    }
  }
  return -1;
}

/** {@link rawTextEndBytes} on text. */
export function rawTextEndText(html: string, at: number, name: RawText): number {
  const close = `</${name} `;
  for (let lt = html.indexOf("<", at); lt >= 0; lt = html.indexOf("<", lt + 1)) {
    let k = 1;
    while (k < close.length - 1 && lt + k < html.length) {
      const c = html.charCodeAt(lt + k);
      if ((c >= 0x41 && c <= 0x5a ? c | 0x20 : c) !== close.charCodeAt(k)) break;
      k++;
    }
    if (lt + k >= html.length) return -1;
    if (k === close.length - 1 && endsName(html.charCodeAt(lt + k))) return lt;
  }
  return -1;
}

/**
 * Where a comment whose text starts at `at` ends (after `-->` or `--!>`), or -1 when the bytes end
 * first. (`<!-->` and `<!--->`, which end at once, are the caller's.)
 */
export function commentEndBytes(bytes: Uint8Array, at: number): number {
  // comments are short (Lit's markers): a loop costs less here than calls to indexOf
  for (let d = at; d < bytes.length; d++) {
    if (bytes[d] !== DASH) continue;
    if (d + 1 >= bytes.length) return -1;
    if (bytes[d + 1] !== DASH) continue;
    if (d + 2 >= bytes.length) return -1;
    const c = bytes[d + 2];
    if (c === GT) return d + 3;
    if (c === BANG) {
      if (d + 3 >= bytes.length) return -1;
      if (bytes[d + 3] === GT) return d + 4;
    }
  }
  return -1;
}

/**
 * Where the end tag `</name` of a raw text element starts in `bytes` from `at` (any case, followed
 * by whitespace, `/` or `>`), or -1 when there is none or the bytes end inside a possible one.
 */
export function rawTextEndBytes(bytes: Uint8Array, at: number, name: RawText): number {
  const close = `</${name} `;
  for (let lt = bytes.indexOf(LT, at); lt >= 0; lt = bytes.indexOf(LT, lt + 1)) {
    let k = 1;
    while (k < close.length - 1 && lt + k < bytes.length) {
      const c = bytes[lt + k] as number;
      if ((c >= 0x41 && c <= 0x5a ? c | 0x20 : c) !== close.charCodeAt(k)) break;
      k++;
    }
    if (lt + k >= bytes.length) return -1; // the bytes end inside a possible end tag
    if (k === close.length - 1 && endsName(bytes[lt + k] as number)) return lt;
  }
  return -1;
}

/** True when `bytes` hold `<!--` between `from` and `to`. */
export function hasCommentOpenBytes(bytes: Uint8Array, from: number, to: number): boolean {
  for (let lt = bytes.indexOf(LT, from); lt >= 0 && lt + 3 < to; lt = bytes.indexOf(LT, lt + 1)) {
    if (bytes[lt + 1] === BANG && bytes[lt + 2] === DASH && bytes[lt + 3] === DASH) return true;
  }
  return false;
}

/**
 * How many trailing characters of `text` (from `from`) could begin one of `patterns` (ASCII, any
 * case; a pattern's last character stands for whitespace, `/` or `>` when it is a space).
 */
export function partialSuffix(text: string, from: number, patterns: readonly string[]): number {
  let longest = 0;
  for (const pattern of patterns) {
    for (let k = Math.min(pattern.length - 1, text.length - from); k > longest; k--) {
      if (sameName(text, text.length - k, k, pattern.slice(0, k))) {
        longest = k;
        break;
      }
    }
  }
  return longest;
}
