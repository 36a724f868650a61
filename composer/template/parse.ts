/**
 * Page templates: HTML with `<tessera-fragment>` tags naming a team's fragment, and `{{name}}`
 * placeholders the composer fills per request (trace id, federation data, shell script).
 * A template is parsed once; composing a page walks the parsed parts.
 *
 * @example
 * <tessera-fragment service="catalog" name="product-card" sku="{query.sku}" tier="primary"
 *   timeout="1500"><p>Fallback shown when the fragment fails</p></tessera-fragment>
 */

/** How a fragment's failure affects the page. */
export type Tier = "primary" | "required" | "optional";

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
  | { kind: "var"; name: string };

export interface Template {
  name: string;
  parts: Part[];
  slots: FragmentSlot[];
}

const TAG = /<tessera-fragment\b([^>]*)>([\s\S]*?)<\/tessera-fragment>|\{\{\s*([a-z_]+)\s*\}\}/g;
const ATTRIBUTE = /([a-z][a-z0-9_-]*)\s*=\s*"([^"]*)"/g;
const RESERVED = new Set(["service", "name", "tier", "timeout"]);
const TIERS = new Set<Tier>(["primary", "required", "optional"]);

/** Thrown for a malformed template; the message names the template and the bad tag. */
export class TemplateError extends Error {
  override name = "TemplateError";
}

function parseSlot(templateName: string, attributes: string, inner: string): FragmentSlot {
  const attrs: Record<string, string> = {};
  for (const m of attributes.matchAll(ATTRIBUTE)) attrs[m[1] as string] = m[2] as string;
  const where = `template "${templateName}", <tessera-fragment${attributes}>`;
  if (!attrs.service || !attrs.name) throw new TemplateError(`${where}: needs service="…" and name="…"`);
  const tier = (attrs.tier ?? "optional") as Tier;
  if (!TIERS.has(tier))
    throw new TemplateError(`${where}: tier="${attrs.tier}" is not one of primary, required, optional`);
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
  return { name, parts, slots };
}

/** Fills `{query.x}` and `{params.x}` in a slot's parameters from the request. */
export function slotParams(
  slot: FragmentSlot,
  url: URL,
  routeParams: Record<string, string>,
): URLSearchParams {
  const out = new URLSearchParams();
  for (const [key, raw] of Object.entries(slot.params)) {
    const value = raw.replace(/\{(query|params)\.([a-zA-Z0-9_-]+)\}/g, (_, source: string, name: string) =>
      source === "query" ? (url.searchParams.get(name) ?? "") : (routeParams[name] ?? ""),
    );
    out.set(key, value);
  }
  return out;
}
