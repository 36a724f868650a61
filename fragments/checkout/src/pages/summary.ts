import { html, type TemplateResult } from "lit";
import { formatPrice } from "../format";
import type { Money } from "./types";

/** An order or cart summary box: one row per line, then the total. */
export function summaryBox(
  label: string,
  lines: { sku: string; name: string; quantity: number; lineTotal: Money }[],
  total: Money,
): TemplateResult {
  return html`<aside class="summary" aria-label=${label}>
    <h2>${label}</h2>
    <ul>
      ${lines.map(
        (l) =>
          html`<li><span>${l.quantity} × ${l.name}</span><span>${formatPrice(l.lineTotal.amount, l.lineTotal.currency)}</span></li>`,
      )}
    </ul>
    <p class="total"><span>Total</span><span>${formatPrice(total.amount, total.currency)}</span></p>
  </aside>`;
}
