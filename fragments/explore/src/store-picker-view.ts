/**
 * Server rendering of the store picker (`explore/store-picker`): `<explore-store-picker>` with its
 * declarative shadow root (Lit SSR), around a light-DOM fieldset of radios named `storeId`, one
 * per store, with address and hours. Not `required`: the shopper may choose address delivery instead, so
 * the checkout service validates the choice on the server.
 */
import { render } from "@lit-labs/ssr";
import { collectResult } from "@lit-labs/ssr/lib/render-result.js";
import { html } from "@tessera/chassis/html";
import { html as litHtml } from "lit";
import { unsafeHTML } from "lit/directives/unsafe-html.js";
import { STYLESHEET_LINK } from "./styles";
import type { StoreDetails } from "./types";
import "./index"; // defines <explore-store-picker> in the server's custom element registry

export interface StorePickerData {
  stores: StoreDetails[];
  /** The store checked at first (e.g. the one in the shopper's cart). */
  selected?: string;
}

/** The radio group alone (plain HTML): the picker's light DOM, and its fallback when explore is down. */
export function renderStoreRadios(data: StorePickerData): string {
  return html`${STYLESHEET_LINK}<fieldset class="explore-sp">
<legend>Pick-up store</legend>
<div class="explore-sp-options">${data.stores.map((s) => {
    const id = `explore-sp-${s.id}`;
    const checked = data.selected === s.id;
    const weekday = s.hours[0];
    return html`<div class="explore-sp-option"><input type="radio" name="storeId" id="${id}" value="${s.id}" data-name="${s.name}"${checked ? html` checked` : ""}><label for="${id}"><strong>${s.name}</strong><span>${s.street}, ${s.postalCode} ${s.city}</span>${weekday ? html`<span>${weekday.days}: ${weekday.hours}</span>` : ""}</label></div>`;
  })}</div>
</fieldset>`.toString();
}

/** Renders the picker: the custom element (declarative shadow DOM) around the radio group. */
export function renderStorePicker(data: StorePickerData): Promise<string> {
  return collectResult(
    render(
      litHtml`<explore-store-picker class="explore-root" data-boundary="explore/store-picker">${unsafeHTML(renderStoreRadios(data))}</explore-store-picker>`,
    ),
  );
}
