/**
 * Page templates: HTML with `<tessera-fragment>` tags naming a team's fragment, and `{{name}}`
 * placeholders the composer fills per request (trace id, federation data, shell script).
 * A template is parsed once; composing a page walks the parsed parts.
 *
 * @example
 * <tessera-fragment service="catalog" name="product-card" sku="{query.sku}" tier="primary"
 *   timeout="1500"><p>Fallback shown when the fragment fails</p></tessera-fragment>
 */

/**
 * How a fragment's failure affects the page: `primary` (its status and redirects become the
 * page's), `required` (the page fails cleanly), `optional` (fallback content in place),
 * `deferred` (a placeholder now, the content streamed at the end of the body when ready).
 */
export type Tier = "primary" | "required" | "optional" | "deferred";

export interface FragmentSlot {
  /** The owning team's service (`catalog`). */
  service: string;
  /** The fragment's name in that service's manifest (`product-card`). */
  name: string;
  /** Parameters sent as the query string; `{query.x}` and `{params.x}` are filled per request. */
  params: Record<string, string>;
  tier: Tier;
  /** Milliseconds before the fragment counts as failed (the composer's default otherwise). */
  timeoutMs?: number;
  /** HTML inside the tag: shown when an optional fragment fails. */
  fallback: string;
}

export type Part =
  | { kind: "text"; bytes: Uint8Array }
  | { kind: "slot"; slot: FragmentSlot }
  | { kind: "var"; name: string }
  /** Just before the last `</body>`: where deferred fragments and late federation data go. */
  | { kind: "end" };

export interface Template {
  name: string;
  parts: Part[];
  slots: FragmentSlot[];
  /** The template's default fragment timeout: `<meta name="tessera-fragment-timeout" content="1500">`. */
  timeoutMs?: number;
}

const TAG = /<tessera-fragment\b([^>]*)>([\s\S]*?)<\/tessera-fragment>|\{\{\s*([a-z_]+)\s*\}\}/g;
const ATTRIBUTE = /([a-z][a-z0-9_-]*)\s*=\s*"([^"]*)"/g;
const RESERVED = new Set(["service", "name", "tier", "timeout"]);
const TIERS = new Set<Tier>(["primary", "required", "optional", "deferred"]);
const TEMPLATE_TIMEOUT = /<meta\s+name="tessera-fragment-timeout"\s+content="([^"]*)"\s*\/?>/;

/** Thrown for a malformed template; the message names the template and the bad tag. */
export class TemplateError extends Error {
  override name = "TemplateError";
}

/** Parses one `<tessera-fragment>` tag's attributes and inner HTML (templates and fragment bodies). */
export function parseSlot(templateName: string, attributes: string, inner: string): FragmentSlot {
  const attrs: Record<string, string> = {};
  for (const m of attributes.matchAll(ATTRIBUTE)) attrs[m[1] as string] = m[2] as string;
  const where = `template "${templateName}", <tessera-fragment${attributes}>`;
  if (!attrs.service || !attrs.name) throw new TemplateError(`${where}: needs service="…" and name="…"`);
  const tier = (attrs.tier ?? "optional") as Tier;
  if (!TIERS.has(tier))
    throw new TemplateError(
      `${where}: tier="${attrs.tier}" is not one of primary, required, optional, deferred`,
    );
  let timeoutMs: number | undefined;
  if (attrs.timeout !== undefined) {
    timeoutMs = Number(attrs.timeout);
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
      throw new TemplateError(`${where}: timeout="${attrs.timeout}" must be a whole number of milliseconds`);
    }
  }
  const params = Object.fromEntries(Object.entries(attrs).filter(([k]) => !RESERVED.has(k)));
  return { service: attrs.service, name: attrs.name, params, tier, timeoutMs, fallback: inner.trim() };
}

/** Parses a template; throws a {@link TemplateError} naming the bad tag. */
export function parseTemplate(name: string, html: string): Template {
  const encoder = new TextEncoder();
  const parts: Part[] = [];
  const slots: FragmentSlot[] = [];
  let last = 0;
  for (const m of html.matchAll(TAG)) {
    if (m.index > last) parts.push({ kind: "text", bytes: encoder.encode(html.slice(last, m.index)) });
    if (m[3]) parts.push({ kind: "var", name: m[3] });
    else {
      const slot = parseSlot(name, m[1] ?? "", m[2] ?? "");
      slots.push(slot);
      parts.push({ kind: "slot", slot });
    }
    last = m.index + m[0].length;
  }
  if (last < html.length) parts.push({ kind: "text", bytes: encoder.encode(html.slice(last)) });
  if (/<tessera-fragment\b/.test(html.replace(TAG, ""))) {
    throw new TemplateError(`template "${name}": a <tessera-fragment> tag is not closed`);
  }
  insertEnd(parts, encoder);
  let timeoutMs: number | undefined;
  const timeout = TEMPLATE_TIMEOUT.exec(html)?.[1];
  if (timeout !== undefined) {
    timeoutMs = Number(timeout);
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0)
      throw new TemplateError(
        `template "${name}": tessera-fragment-timeout "${timeout}" must be a whole number of milliseconds`,
      );
  }
  return { name, parts, slots, timeoutMs };
}

/** Splits the text part holding the last `</body>` so an `end` part sits just before it (or last). */
function insertEnd(parts: Part[], encoder: TextEncoder): void {
  const decoder = new TextDecoder();
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = parts[i] as Part;
    if (part.kind !== "text") continue;
    const text = decoder.decode(part.bytes);
    const at = text.lastIndexOf("</body>");
    if (at < 0) continue;
    parts.splice(
      i,
      1,
      { kind: "text", bytes: encoder.encode(text.slice(0, at)) },
      { kind: "end" },
      { kind: "text", bytes: encoder.encode(text.slice(at)) },
    );
    return;
  }
  parts.push({ kind: "end" });
}

/**
 * Fills `{query.x}` and `{params.x}` in a slot's parameters from the request; a parameter made
 * only of placeholders that the request leaves empty is left out (`?sku=` is never sent).
 */
export function slotParams(
  slot: FragmentSlot,
  url: URL,
  routeParams: Record<string, string>,
): URLSearchParams {
  const out = new URLSearchParams();
  for (const key in slot.params) {
    const raw = slot.params[key] as string;
    const value = raw.replace(/\{(query|params)\.([a-zA-Z0-9_-]+)\}/g, (_, source: string, name: string) =>
      source === "query" ? (url.searchParams.get(name) ?? "") : (routeParams[name] ?? ""),
    );
    if (value === "" && raw !== "") continue;
    out.set(key, value);
  }
  return out;
}

/** The query of each slot whose parameters hold no placeholder: the same for every page. */
const fixedQueries = new WeakMap<FragmentSlot, string>();

/**
 * {@link slotParams} as a query string: "" for a slot without parameters, and built once for a
 * slot whose parameters hold no `{query.…}` or `{params.…}` placeholder.
 */
export function slotQuery(slot: FragmentSlot, url: URL, routeParams: Record<string, string>): string {
  const fixed = fixedQueries.get(slot);
  if (fixed !== undefined) return fixed;
  let placeholders = false;
  for (const key in slot.params) if ((slot.params[key] as string).includes("{")) placeholders = true;
  const query = slotParams(slot, url, routeParams).toString();
  if (!placeholders) fixedQueries.set(slot, query);
  return query;
}
