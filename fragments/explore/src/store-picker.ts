import {
  STORE_SELECTED,
  type StoreSelectedDetail,
  type TesseraDomEvents,
} from "@tessera/contracts/dom-events";
import { css, html, LitElement } from "lit";

export type { StoreSelectedDetail };

/**
 * `<explore-store-picker>`: wraps the server-rendered radio group (light DOM, so the radios
 * belong to the checkout form around it and submit as `storeId` without JavaScript) and, once
 * defined, dispatches `explore:store-selected` (bubbles, composed) when the shopper picks a store.
 *
 * Written without decorators so it compiles the same whatever `useDefineForClassFields` is.
 */
export class ExploreStorePicker extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
  `;

  constructor() {
    super();
    this.addEventListener("change", (event) => this.onChange(event));
  }

  override render() {
    return html`<slot></slot>`;
  }

  private onChange(event: Event): void {
    const input = event.target as HTMLInputElement | HTMLSelectElement | null;
    if (input?.name !== "storeId" || !input.value) return;
    const name =
      input instanceof HTMLSelectElement
        ? (input.selectedOptions[0]?.dataset.name ?? input.value)
        : (input.dataset.name ?? input.value);
    this.dispatchEvent(
      new CustomEvent<StoreSelectedDetail>(STORE_SELECTED, {
        bubbles: true,
        composed: true,
        detail: { storeId: input.value, name },
      }),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "explore-store-picker": ExploreStorePicker;
  }
  interface HTMLElementEventMap extends TesseraDomEvents {}
}
