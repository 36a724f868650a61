/**
 * A page's CSRF markup, added while the page streams instead of by an `HTMLRewriter` over the
 * whole page: the hidden field right after every `<form>` start tag whose `method` is `post` (any
 * case, quoted or not, the first `method` attribute counts; no `method` means GET), and the
 * `<meta>` right before the template's `</head>`. Only real tags count, as the HTML tokenizer
 * reads them (see `html-scan.ts`): a `<form method="post">` in a comment, a `<script>`, `<style>`,
 * `<textarea>`, `<title>` (or another raw text element) or an attribute value is text and gets
 * nothing. Fragment chunks that open nothing they do not close and hold no `<form` pass untouched
 * and undecoded; a form start tag split across chunks is held until it is complete.
 */
import {
  BANG,
  commentEndText,
  DASH,
  endsName,
  GT,
  isAlpha,
  partialSuffix,
  QUESTION,
  type RawText,
  rawTextEndText,
  rawTextOf,
  SLASH,
  sameName,
} from "./html-scan.ts";
import { tagEndText } from "./tag-end.ts";

export { formFree, noFormIn } from "./form-free.ts";

/** What a page adds for its CSRF token (see `csrf.ts`): the POST forms' field and the head's meta. */
export interface CsrfMarkup {
  field: string;
  meta: string;
}

/** Responses streamed with their page's markup already in them (nothing to add afterwards). */
export const markedResponses = new WeakSet<Response>();

const DATA = 0;
const COMMENT = 1;
const BOGUS_COMMENT = 2;
const RAW = 3;
const SCRIPT = 4;
const PLAINTEXT = 5;
type Mode =
  | typeof DATA
  | typeof COMMENT
  | typeof BOGUS_COMMENT
  | typeof RAW
  | typeof SCRIPT
  | typeof PLAINTEXT;

// inside <script>: plain, after `<!--` (escaped), after `<!--<script>` (double escaped, where `</script>` does not end it)
const PLAIN = 0;
const ESCAPED = 1;
const DOUBLE_ESCAPED = 2;
type Escape = typeof PLAIN | typeof ESCAPED | typeof DOUBLE_ESCAPED;

const COMMENT_PARTIALS = ["-->", "--!>"];
const SCRIPT_TOKENS = [
  /<!--|<\/script[\t\n\f\r />]/gi,
  /-->|<\/script[\t\n\f\r />]|<script[\t\n\f\r />]/gi,
  /-->|<\/script[\t\n\f\r />]/gi,
] as const;
const SCRIPT_PARTIALS = [
  ["<!--", "</script "],
  ["-->", "</script ", "<script "],
  ["-->", "</script "],
] as const;

/**
 * Adds `field` after each POST form's start tag in HTML text arriving in pieces — only where the
 * tag is markup: not in a comment, a raw text element (`<script>`, `<style>`, `<textarea>`,
 * `<title>`, …) or another tag's attribute value. Where the text is (data, comment, raw text) is
 * carried from one piece to the next; text that cannot hold an insertion point is released at
 * once, and only a tag not yet complete (or the possible start of a comment's or raw text's end)
 * is held. With `meta`, that goes right before the first `</head>` end tag too (a template's
 * `<head>` start tag may be in an earlier piece of text, before a variable).
 */
export class FormFieldWriter {
  private held = "";
  private mode: Mode = DATA;
  private raw: RawText = "script";
  private escape: Escape = PLAIN;

  constructor(
    private readonly field: string,
    private meta?: string,
  ) {}

  /** True in plain HTML with nothing held back (a chunk that {@link formFree} passes may then bypass the writer). */
  get idle(): boolean {
    return this.held === "" && this.mode === DATA;
  }

  /** More HTML; returns what can be released now. */
  feed(text: string): string {
    const html = this.held + text;
    const n = html.length;
    this.held = "";
    let out = "";
    let from = 0; // html[from…] is not released yet
    let at = 0; // where reading goes on
    /** Keeps html[start…] for the next piece; what is released now. */
    const hold = (start: number) => {
      this.held = html.slice(start);
      return out + html.slice(from, start);
    };
    while (at < n) {
      if (this.mode === DATA) {
        const lt = html.indexOf("<", at);
        if (lt < 0 || lt + 1 >= n) return lt < 0 ? out + html.slice(from) : hold(lt);
        const c = html.charCodeAt(lt + 1);
        if (isAlpha(c)) {
          let k = lt + 2;
          while (k < n && !endsName(html.charCodeAt(k))) k++;
          if (k >= n) return hold(lt);
          if (sameName(html, lt + 1, k - lt - 1, "form")) {
            const form: { method?: string } = {};
            at = tagEndText(html, k, form);
            if (at < 0) return hold(lt);
            if (form.method?.toLowerCase() === "post") {
              out += html.slice(from, at) + this.field;
              from = at;
            }
            continue;
          }
          at = tagEndText(html, k);
          if (at < 0) return hold(lt);
          const raw = rawTextOf(html, lt + 1, k - lt - 1);
          if (raw) this.enterRaw(raw);
        } else if (c === SLASH) {
          if (lt + 2 >= n) return hold(lt);
          const d = html.charCodeAt(lt + 2);
          if (isAlpha(d)) {
            let k = lt + 3;
            while (k < n && !endsName(html.charCodeAt(k))) k++;
            const end = k < n ? tagEndText(html, k) : -1;
            if (end < 0) return hold(lt);
            if (this.meta !== undefined && sameName(html, lt + 2, k - lt - 2, "head")) {
              out += html.slice(from, lt) + this.meta;
              from = lt;
              this.meta = undefined;
            }
            at = end;
          } else if (d === GT)
            at = lt + 3; // `</>` is nothing
          else {
            this.mode = BOGUS_COMMENT;
            at = lt + 2;
          }
        } else if (c === BANG) {
          const comment = commentOpen(html, lt);
          if (comment === undefined) return hold(lt);
          if (comment >= 0) at = comment;
          else {
            this.mode = comment === -1 ? COMMENT : BOGUS_COMMENT;
            at = comment === -1 ? lt + 4 : lt + 2;
          }
        } else if (c === QUESTION) {
          this.mode = BOGUS_COMMENT;
          at = lt + 1;
        } else at = lt + 1; // a `<` that opens nothing
      } else if (this.mode === COMMENT) {
        const end = commentEndText(html, at);
        if (end < 0) return hold(n - partialSuffix(html, at, COMMENT_PARTIALS));
        at = end;
        this.mode = DATA;
      } else if (this.mode === BOGUS_COMMENT) {
        const gt = html.indexOf(">", at);
        if (gt < 0) break;
        at = gt + 1;
        this.mode = DATA;
      } else if (this.mode === RAW) {
        const close = rawTextEndText(html, at, this.raw);
        if (close < 0) return hold(n - partialSuffix(html, at, [`</${this.raw} `]));
        const end = tagEndText(html, close + 2 + this.raw.length);
        if (end < 0) return hold(close);
        at = end;
        this.mode = DATA;
      } else if (this.mode === SCRIPT) {
        const tokens = SCRIPT_TOKENS[this.escape];
        tokens.lastIndex = at;
        const token = tokens.exec(html);
        if (!token) return hold(n - partialSuffix(html, at, SCRIPT_PARTIALS[this.escape]));
        const t = token[0];
        if (t === "-->") {
          this.escape = PLAIN;
          at = token.index + 3;
        } else if (t === "<!--") {
          this.escape = ESCAPED;
          at = token.index + 2; // its `--` may already be the `--` of `-->`
        } else if (t.charCodeAt(1) !== SLASH) {
          this.escape = DOUBLE_ESCAPED;
          at = token.index + 7;
        } else if (this.escape === DOUBLE_ESCAPED) {
          this.escape = ESCAPED;
          at = token.index + 8;
        } else {
          const end = tagEndText(html, token.index + 8);
          if (end < 0) return hold(token.index);
          at = end;
          this.mode = DATA;
        }
      } else break; // plaintext: text to the end
    }
    return out + html.slice(from);
  }

  private enterRaw(name: RawText): void {
    this.mode = name === "script" ? SCRIPT : name === "plaintext" ? PLAINTEXT : RAW;
    this.raw = name;
    this.escape = PLAIN;
  }

  /** Releases whatever is held (an unfinished tag is passed through as it came). */
  flush(): string {
    const rest = this.held;
    this.held = "";
    return rest;
  }
}

/**
 * What `<!` at `lt` opens: the end of a comment that ends at once (`<!-->`, `<!--->`), -1 for a
 * comment, -2 for a bogus comment (up to the next `>`), undefined when the text ends too soon.
 */
function commentOpen(html: string, lt: number): number | undefined {
  const n = html.length;
  if (lt + 2 >= n) return undefined;
  if (html.charCodeAt(lt + 2) !== DASH) return -2;
  if (lt + 3 >= n) return undefined;
  if (html.charCodeAt(lt + 3) !== DASH) return -2;
  if (lt + 4 >= n) return undefined;
  const c = html.charCodeAt(lt + 4);
  if (c === GT) return lt + 5;
  if (c !== DASH) return -1;
  if (lt + 5 >= n) return undefined;
  return html.charCodeAt(lt + 5) === GT ? lt + 6 : -1;
}

/** `html` with `markup` in it: the field in every POST form, the meta before the first `</head>`. */
export function withCsrfMarkup(html: string, markup: CsrfMarkup): string {
  const writer = new FormFieldWriter(markup.field, markup.meta);
  return writer.feed(html) + writer.flush();
}

/** Splits `html` where the page's markup goes: text, then `"field"`/`"meta"` markers, in order. */
export function csrfSegments(html: string): (string | "field" | "meta")[] {
  // the markup's two strings cannot occur in HTML text: control characters
  const marked = withCsrfMarkup(html, { field: "\u0001", meta: "\u0002" });
  const out: string[] = [];
  let from = 0;
  for (let i = 0; i < marked.length; i++) {
    const c = marked.charCodeAt(i);
    if (c !== 1 && c !== 2) continue;
    if (i > from) out.push(marked.slice(from, i));
    out.push(c === 1 ? "field" : "meta");
    from = i + 1;
  }
  if (from < marked.length) out.push(marked.slice(from));
  return out;
}
