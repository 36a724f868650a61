/**
 * Whether a fragment's chunk may skip the CSRF form writer (see `forms.ts`), decided on its bytes
 * without decoding them: the composer's fast path for chunks that need no field.
 */
import {
  BANG,
  commentEndBytes,
  DASH,
  endsName,
  GT,
  hasCommentOpenBytes,
  isAlpha,
  LT,
  QUESTION,
  rawTextEndBytes,
  rawTextOfBytes,
  SLASH,
  sameNameBytes,
} from "./html-scan.ts";
import { asBuffer } from "./scanner.ts";
import { tagEndBytes } from "./tag-end.ts";

/**
 * True when a chunk fed to an idle `FormFieldWriter` would come out as it is and leave the
 * writer idle: it holds no `<form` start tag, and every tag, comment and raw text element that
 * starts in it also ends in it. Checked on the bytes, without decoding; a `<script>` whose text
 * has `<!--` is left to the writer.
 */
export function formFree(chunk: Uint8Array): boolean {
  for (let lt = chunk.indexOf(LT); lt >= 0; ) {
    const after = afterMarkup(chunk, lt);
    if (after < 0) return false;
    lt = chunk.indexOf(LT, after);
  }
  return true;
}

/**
 * Where the markup that `<` at `lt` starts ends, for {@link formFree}: after the tag, comment or
 * raw text element, just after the `<` when it starts nothing; -1 for a form start tag or markup
 * that does not end in the chunk.
 */
function afterMarkup(chunk: Uint8Array, lt: number): number {
  const n = chunk.length;
  if (lt + 1 >= n) return -1;
  const c = chunk[lt + 1] as number;
  if (isAlpha(c)) {
    let k = lt + 2;
    while (k < n && !endsName(chunk[k] as number)) k++;
    if (k >= n || sameNameBytes(chunk, lt + 1, k - lt - 1, "form")) return -1;
    const at = tagEndBytes(chunk, k);
    const raw = at < 0 ? undefined : rawTextOfBytes(chunk, lt + 1, k - lt - 1);
    if (!raw) return at;
    const close = raw === "plaintext" ? -1 : rawTextEndBytes(chunk, at, raw);
    if (close < 0 || (raw === "script" && hasCommentOpenBytes(chunk, at, close))) return -1;
    return tagEndBytes(chunk, close + 2 + raw.length);
  }
  if (c === SLASH) {
    if (lt + 2 >= n) return -1;
    const d = chunk[lt + 2] as number;
    if (!isAlpha(d)) return d === GT ? lt + 3 : bogusEnd(chunk, lt + 2);
    let k = lt + 3;
    while (k < n && !endsName(chunk[k] as number)) k++;
    return k < n ? tagEndBytes(chunk, k) : -1;
  }
  if (c === BANG) {
    if (lt + 3 >= n) return -1;
    if (chunk[lt + 2] !== DASH || chunk[lt + 3] !== DASH) return bogusEnd(chunk, lt + 2);
    if (lt + 4 >= n) return -1;
    if (chunk[lt + 4] === GT) return lt + 5;
    if (chunk[lt + 4] === DASH && lt + 5 < n && chunk[lt + 5] === GT) return lt + 6;
    return lt + 5 < n ? commentEndBytes(chunk, lt + 4) : -1;
  }
  return c === QUESTION ? bogusEnd(chunk, lt + 1) : lt + 1;
}

/** After the `>` that ends a bogus comment (`<!…>`, `<?…>`, `</…>`), or -1. */
function bogusEnd(chunk: Uint8Array, at: number): number {
  const gt = chunk.indexOf(GT, at);
  return gt < 0 ? -1 : gt + 1;
}

const LT_F = Buffer.from("<f");
const LT_UPPER_F = Buffer.from("<F");

/**
 * True when a body known whole has no `<form` (any case) anywhere: the form writer would give it
 * back unchanged, so it may skip the writer. Cheaper than {@link formFree}, which also makes sure
 * a chunk leaves the writer idle (what only a body cut into chunks needs); native `indexOf` jumps
 * from one `<` to the next.
 */
export function noFormIn(body: Uint8Array): boolean {
  const bytes = asBuffer(body);
  const lower = bytes.indexOf(LT_F);
  const upper = bytes.indexOf(LT_UPPER_F);
  if (lower < 0 && upper < 0) return true;
  const from = lower < 0 ? upper : upper < 0 ? lower : Math.min(lower, upper);
  for (let lt = from; lt >= 0; lt = body.indexOf(LT, lt + 1))
    if (
      ((body[lt + 1] as number) | 0x20) === 0x66 &&
      ((body[lt + 2] as number) | 0x20) === 0x6f &&
      ((body[lt + 3] as number) | 0x20) === 0x72 &&
      ((body[lt + 4] as number) | 0x20) === 0x6d
    )
      return false;
  return true;
}
