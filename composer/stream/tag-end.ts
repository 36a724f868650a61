/**
 * Where a tag ends, as the HTML tokenizer reads its attributes (the standard's attribute states):
 * a `>` in a quoted value does not end it, a quote elsewhere opens nothing. On text for the form
 * writer (with the form's `method`), on bytes for the check that lets a chunk skip it.
 */
import { DQUOTE, EQUALS, GT, isSpace, SLASH, SQUOTE, sameName } from "./html-scan.ts";

// The states of a tag after its name (the standard's attribute states).
const BEFORE_NAME = 0;
const NAME = 1;
const AFTER_NAME = 2;
const BEFORE_VALUE = 3;
const UNQUOTED = 4;
const AFTER_QUOTED = 5;
const SELF_CLOSING = 6;

/** {@link tagEndText} on bytes, without the attribute. */
export function tagEndBytes(bytes: Uint8Array, at: number): number {
  let state = BEFORE_NAME;
  let nameStart = 0;
  for (let i = at; i < bytes.length; i++) {
    const c = bytes[i] as number;
    switch (state) {
      case BEFORE_NAME:
      case AFTER_NAME:
        if (isSpace(c)) continue;
        if (c === SLASH) state = SELF_CLOSING;
        else if (c === GT) return i + 1;
        else if (c === EQUALS && state === AFTER_NAME) state = BEFORE_VALUE;
        else {
          nameStart = i;
          state = NAME;
        }
        continue;
      case NAME:
        if (c === EQUALS && i > nameStart) state = BEFORE_VALUE;
        else if (isSpace(c) || c === SLASH || c === GT) {
          state = AFTER_NAME;
          i--;
        }
        continue;
      case BEFORE_VALUE:
        if (isSpace(c)) continue;
        if (c === DQUOTE || c === SQUOTE) {
          // values are short: a loop costs less here than a call to indexOf
          do i++;
          while (i < bytes.length && bytes[i] !== c);
          if (i >= bytes.length) return -1;
          state = AFTER_QUOTED;
        } else if (c === GT) return i + 1;
        else state = UNQUOTED;
        continue;
      case UNQUOTED:
        if (c === GT) return i + 1;
        if (isSpace(c)) state = BEFORE_NAME;
        continue;
      case AFTER_QUOTED:
      case SELF_CLOSING:
        if (c === GT) return i + 1;
        if (state === AFTER_QUOTED && isSpace(c)) state = BEFORE_NAME;
        else if (state === AFTER_QUOTED && c === SLASH) state = SELF_CLOSING;
        else {
          state = BEFORE_NAME;
          i--;
        }
        continue;
    }
  }
  return -1;
}

/**
 * Where the tag whose name ends at `at` ends in `html` (just after its `>`), or -1 when the text
 * ends first. With `form`, the value of the tag's first `method` attribute goes in `form.method`
 * (`""` when it has no value).
 */
export function tagEndText(html: string, at: number, form?: { method?: string }): number {
  let state = BEFORE_NAME;
  let nameStart = 0;
  let valueStart = 0;
  let isMethod = false; // the attribute being read is the form's first `method`
  for (let i = at; i < html.length; i++) {
    const c = html.charCodeAt(i);
    switch (state) {
      case BEFORE_NAME:
      case AFTER_NAME:
        if (isSpace(c)) continue;
        if (c === SLASH) state = SELF_CLOSING;
        else if (c === GT) return i + 1;
        else if (c === EQUALS && state === AFTER_NAME) state = BEFORE_VALUE;
        else {
          isMethod = false;
          nameStart = i;
          state = NAME;
        }
        continue;
      case NAME:
        if (c === EQUALS || isSpace(c) || c === SLASH || c === GT) {
          if (form && form.method === undefined && sameName(html, nameStart, i - nameStart, "method")) {
            isMethod = true;
            form.method = "";
          }
          if (c === EQUALS) state = BEFORE_VALUE;
          else {
            state = AFTER_NAME;
            i--;
          }
        }
        continue;
      case BEFORE_VALUE:
        if (isSpace(c)) continue;
        if (c === DQUOTE || c === SQUOTE) {
          const open = i;
          do i++;
          while (i < html.length && html.charCodeAt(i) !== c);
          if (i >= html.length) return -1;
          if (isMethod && form) form.method = html.slice(open + 1, i);
          isMethod = false;
          state = AFTER_QUOTED;
        } else if (c === GT) return i + 1;
        else {
          valueStart = i;
          state = UNQUOTED;
        }
        continue;
      case UNQUOTED:
        if (isSpace(c) || c === GT) {
          if (isMethod && form) form.method = html.slice(valueStart, i);
          isMethod = false;
          if (c === GT) return i + 1;
          state = BEFORE_NAME;
        }
        continue;
      case AFTER_QUOTED:
      case SELF_CLOSING:
        if (c === GT) return i + 1;
        if (state === AFTER_QUOTED && isSpace(c)) state = BEFORE_NAME;
        else if (state === AFTER_QUOTED && c === SLASH) state = SELF_CLOSING;
        else {
          state = BEFORE_NAME;
          i--;
        }
        continue;
    }
  }
  return -1;
}
