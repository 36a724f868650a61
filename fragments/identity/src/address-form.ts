/**
 * The account page's delivery address: the saved one as an `<address>`, and the form that changes
 * it (`POST /account/address`; the composer adds the CSRF field). After a refused POST the form
 * shows the message and what was typed.
 */
import { attr, type Html, html } from "@tessera/chassis/html";
import { COUNTRIES } from "./countries.ts";
import { errorSummary, type FormState, input } from "./form-parts.ts";

export interface SavedAddress {
  name: string;
  street: string;
  postcode: string;
  city: string;
  country: string;
}

/** What was typed into the form (any field may be missing). */
export type TypedAddress = Partial<Record<keyof SavedAddress, string>>;

const countryName = (code: string) => COUNTRIES[code as keyof typeof COUNTRIES] ?? code;

export function renderAddress(address: SavedAddress | undefined): Html {
  if (!address) return html`<p data-address="none">You have not saved a delivery address yet.</p>`;
  return html`<address data-address="saved">${address.name}<br>${address.street}<br>${address.postcode} ${address.city}<br>${countryName(address.country)}</address>`;
}

export function renderAddressForm(
  saved: SavedAddress | undefined,
  refused: (FormState & { typed: TypedAddress }) | undefined,
): Html {
  const errorId = "address-error";
  const state: FormState = refused ?? {};
  const values: TypedAddress = refused ? refused.typed : (saved ?? {});
  const field = (
    name: "name" | "street" | "postcode" | "city",
    label: string,
    autocomplete: string,
    maxlength: number,
  ) =>
    input({
      form: "address",
      name,
      label,
      type: "text",
      autocomplete,
      value: values[name],
      maxlength,
      state,
      errorId,
    });
  const countryInvalid = Boolean(state.error) && state.field === "country";
  return html`<form method="post" action="/account/address" aria-labelledby="address-form-title">
<h3 id="address-form-title">${saved ? "Change the address" : "Add an address"}</h3>
${errorSummary(errorId, state)}
${field("name", "Name", "shipping name", 100)}
${field("street", "Street and house number", "shipping address-line1", 200)}
${field("postcode", "Postcode", "shipping postal-code", 12)}
${field("city", "Town or city", "shipping address-level2", 100)}
<div class="field">
  <label for="address-country">Country</label>
  <select id="address-country" name="country" autocomplete="shipping country" required${attr(
    "aria-describedby",
    countryInvalid ? errorId : undefined,
  )}${attr("aria-invalid", countryInvalid ? "true" : undefined)}>
<option value="">Choose…</option>
${Object.entries(COUNTRIES).map(
  ([code, name]) =>
    html`<option value="${code}"${values.country?.toUpperCase() === code ? html` selected` : ""}>${name}</option>`,
)}
  </select>
</div>
<button type="submit">Save the address</button>
</form>`;
}
