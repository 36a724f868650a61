// A test fixture: version 2 of a team's fragment, bundled and rendered in a worker (see renderer-pool.test.ts).
import { render } from "@lit-labs/ssr";
import { html, LitElement } from "lit";

class Card extends LitElement {
  static override properties = { label: { type: String } };
  declare label: string;
  override render() {
    return html`<button>${`${this.label} (v2)`}</button>`;
  }
}
if (!customElements.get("fixture-card")) customElements.define("fixture-card", Card);

export const renderers = {
  card: (data: { label: string }) => render(html`<fixture-card label=${data.label}></fixture-card>`),
  plain: (data: { text: string }) => `<p>${data.text}</p>`,
};
