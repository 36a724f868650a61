/** Pieces the sign-in and registration forms share: the error summary and an input with its wiring. */
import { attr, type Html, html } from "@tessera/chassis/html";
import type { FormField, Message } from "./messages.ts";

export interface FormState {
  /** The message to show (already checked against the catalogue). */
  error?: Message;
  /** The field the message is about; none means the whole form. */
  field?: FormField;
}

/** The message, announced when the page loads, with the id the inputs refer to. */
export function errorSummary(id: string, state: FormState): Html {
  if (!state.error) return html``;
  return html`<div class="error" id="${id}" role="alert"><p>${state.error}</p></div>`;
}

export interface InputOptions {
  form: string;
  name: FormField;
  label: string;
  type: "text" | "email" | "password";
  autocomplete: string;
  value?: string;
  hint?: string;
  minlength?: number;
  maxlength?: number;
  /** The error is about this input, or about the whole form and this input is part of it. */
  state: FormState;
  errorId: string;
  /** True when a form-wide error (no field) applies to this input too. */
  formWide?: boolean;
}

/** A labelled input; `aria-invalid` and `aria-describedby` tie it to its hint and to the error. */
export function input(o: InputOptions): Html {
  const id = `${o.form}-${o.name}`;
  const hintId = o.hint ? `${id}-hint` : undefined;
  const invalid = Boolean(o.state.error) && (o.state.field === o.name || (!o.state.field && o.formWide));
  const describedBy = [hintId, invalid ? o.errorId : undefined].filter(Boolean).join(" ");
  return html`<div class="field">
  <label for="${id}">${o.label}</label>${
    o.hint
      ? html`
  <p class="hint" id="${hintId}">${o.hint}</p>`
      : ""
  }
  <input id="${id}" name="${o.name}" type="${o.type}" autocomplete="${o.autocomplete}" required${attr(
    "value",
    o.value,
  )}${attr("minlength", o.minlength ? String(o.minlength) : undefined)}${attr(
    "maxlength",
    o.maxlength ? String(o.maxlength) : undefined,
  )}${attr("aria-describedby", describedBy || undefined)}${attr("aria-invalid", invalid ? "true" : undefined)}${
    invalid && (o.state.field === o.name || o.name === "email") ? html` autofocus` : ""
  }>
</div>`;
}

/** The hidden field carrying where to go after the form succeeds. */
export function returnToField(returnTo: string | undefined): Html {
  return returnTo ? html`<input type="hidden" name="returnTo" value="${returnTo}">` : html``;
}
