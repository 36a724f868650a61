/**
 * A tiny tagged template for light-DOM server fragments: interpolated values are escaped, arrays
 * are joined, and markup built with `html` (or marked with `raw`) is inserted as is.
 *
 * @example
 * html`<h1>${product.name}</h1><ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`.toString()
 */

/** Markup that is already safe to insert. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for an HTML text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] as string);
}

function part(value: unknown): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(part).join("");
  if (value === null || value === undefined || value === false) return "";
  return escapeHtml(String(value));
}

/** Builds escaped markup from a template literal. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] ?? "";
  for (let i = 0; i < values.length; i++) out += part(values[i]) + (strings[i + 1] ?? "");
  return new Html(out);
}

/** Marks trusted markup (e.g. a stylesheet constant) as safe. */
export function raw(markup: string): Html {
  return new Html(markup);
}

/** Formats integer cents as a price, e.g. `€58,900.00`. */
export function formatPrice(cents: number, currency: string): string {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).format(cents / 100);
  } catch {
    return `${(cents / 100).toFixed(2)} ${currency}`;
  }
}

/** An attribute written only when `value` is given: `attr("aria-describedby", id)`. */
export function attr(name: string, value: string | undefined | false): Html {
  return value ? new Html(` ${name}="${escapeHtml(value)}"`) : new Html("");
}
