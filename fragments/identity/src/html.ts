/**
 * A small server template: `html\`…\`` escapes every interpolated value unless it is itself
 * `html` (or an array of them), so user data can never become markup.
 *
 * @example
 * html`<p>Hello, ${user.name}</p>`.toString(); // "<p>Hello, &lt;b&gt;Ann&lt;/b&gt;</p>"
 */

/** Markup that is already safe to put in a page. */
export class SafeHtml {
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

/** Escapes text for an element's content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

function part(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(part).join("");
  if (value === null || value === undefined || value === false) return "";
  return escapeHtml(String(value));
}

/** Builds markup from a template literal, escaping every value that is not {@link SafeHtml}. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? "";
  for (const [i, value] of values.entries()) out += part(value) + (strings[i + 1] ?? "");
  return new SafeHtml(out);
}

/** An attribute written only when `value` is given: `attr("aria-describedby", id)`. */
export function attr(name: string, value: string | undefined | false): SafeHtml {
  return value ? new SafeHtml(` ${name}="${escapeHtml(value)}"`) : new SafeHtml("");
}
