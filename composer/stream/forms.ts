/**
 * A page's CSRF markup, added while the page streams instead of by an `HTMLRewriter` over the
 * whole page: the hidden field right after every `<form>` start tag whose `method` is `post` (any
 * case, quoted or not, the first `method` attribute counts; no `method` means GET), and the
 * `<meta>` right before the template's `</head>`. Fragment chunks without a possible `<form` (any
 * case) pass untouched and undecoded; a form start tag split across chunks is held until it is
 * complete.
 */

/** What a page adds for its CSRF token (see `csrf.ts`): the POST forms' field and the head's meta. */
export interface CsrfMarkup {
  field: string;
  meta: string;
}

/** Responses streamed with their page's markup already in them (nothing to add afterwards). */
export const markedResponses = new WeakSet<Response>();

const FORM = /<form(?=[\s/>])/gi;
/** One attribute of a start tag (sticky): its name and, if it has one, its value. */
const ATTRIBUTE =
  /[\s/]*([^\s"'>/=][^\s"'>/=]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|(["'])|([^\s"'>][^\s>]*)))?/y;
const TAG_END = /[\s/]*>/y;
const HEAD_END = /<\/head[\s>]/i;

/** Where a `<form …>` start tag at `start` ends (after its `>`) and whether it posts; undefined if incomplete. */
function formTag(html: string, start: number): { end: number; post: boolean } | undefined {
  let at = start + 5;
  let method: string | undefined;
  for (;;) {
    TAG_END.lastIndex = at;
    if (TAG_END.test(html)) return { end: TAG_END.lastIndex, post: method?.toLowerCase() === "post" };
    ATTRIBUTE.lastIndex = at;
    const m = ATTRIBUTE.exec(html);
    if (!m) {
      if (at >= html.length - 1) return undefined;
      at++; // a stray quote or `=` where a name belongs: skipped
      continue;
    }
    // the tag goes on past this text (ends in an attribute, or a quoted value is not closed in it)
    if (ATTRIBUTE.lastIndex >= html.length || m[4] !== undefined) return undefined;
    if (method === undefined && (m[1] as string).toLowerCase() === "method")
      method = m[2] ?? m[3] ?? m[5] ?? "";
    at = ATTRIBUTE.lastIndex;
  }
}

/** How many trailing characters of `html` could begin a `<form` start tag. */
function partialForm(html: string): number {
  const from = Math.max(0, html.length - 5);
  for (let i = html.indexOf("<", from); i >= 0; i = html.indexOf("<", i + 1)) {
    if ("<form".startsWith(html.slice(i).toLowerCase())) return html.length - i;
  }
  return 0;
}

/** Adds `field` after each POST form's start tag in HTML text arriving in pieces. */
export class FormFieldWriter {
  private held = "";

  constructor(private readonly field: string) {}

  /** True when nothing is held back (a chunk without `<form` may then bypass the writer). */
  get idle(): boolean {
    return this.held === "";
  }

  /** More HTML; returns what can be released now. */
  feed(text: string): string {
    const html = this.held + text;
    this.held = "";
    let out = "";
    let from = 0;
    FORM.lastIndex = 0;
    for (let m = FORM.exec(html); m; m = FORM.exec(html)) {
      const tag = formTag(html, m.index);
      if (!tag) {
        this.held = html.slice(m.index);
        return out + html.slice(from, m.index);
      }
      if (tag.post) {
        out += html.slice(from, tag.end) + this.field;
        from = tag.end;
      }
      FORM.lastIndex = tag.end;
    }
    const keep = partialForm(html.slice(from));
    this.held = html.slice(html.length - keep);
    return out + html.slice(from, html.length - keep);
  }

  /** Releases whatever is held (an unfinished tag is passed through as it came). */
  flush(): string {
    const rest = this.held;
    this.held = "";
    return rest;
  }
}

/** `html` with `markup` in it: the field in every POST form, the meta before the first `</head>`. */
export function withCsrfMarkup(html: string, markup: CsrfMarkup): string {
  const writer = new FormFieldWriter(markup.field);
  const out = writer.feed(html) + writer.flush();
  const head = HEAD_END.exec(out);
  return head ? out.slice(0, head.index) + markup.meta + out.slice(head.index) : out;
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

const LT = 0x3c;
const FORM_BYTES = [0x66, 0x6f, 0x72, 0x6d];

/**
 * True when a chunk holds no `<form` (any case) and does not end with a possible start of one:
 * it can be streamed without the writer (checked on the bytes, without decoding).
 */
export function formFree(chunk: Uint8Array): boolean {
  const last = chunk.byteLength - 1;
  for (let i = chunk.indexOf(LT); i >= 0; i = chunk.indexOf(LT, i + 1)) {
    let k = 0;
    while (k < 4 && i + 1 + k <= last && ((chunk[i + 1 + k] as number) | 0x20) === FORM_BYTES[k]) k++;
    if (k === 4 || i + 1 + k > last) return false;
  }
  return true;
}
