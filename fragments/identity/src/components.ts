/**
 * identity's Lit components rendered on the server (Lit SSR, Declarative Shadow DOM) into the
 * pages' escaped HTML. The controls stay in the light DOM, slotted: a form posts them with or
 * without JavaScript; the shell hydrates the element when its module loads.
 */
import { render } from "@lit-labs/ssr";
import { collectResultSync } from "@lit-labs/ssr/lib/render-result.js";
import { Html } from "@tessera/chassis/html";
import { html, nothing } from "lit";
import { unsafeHTML } from "lit/directives/unsafe-html.js";
import "./password-field-entry"; // defines <identity-password-field> in the server's registry

export interface PasswordFieldOptions {
  /** The toggle's accessible name ("Show the password"). */
  toggleLabel: string;
  /** Shows a live count of the characters still needed (registration). */
  minlength?: number;
}

/** `field` (the label, hint and password input, already escaped) inside `<identity-password-field>`. */
export function passwordField(field: Html, options: PasswordFieldOptions): Html {
  return new Html(
    collectResultSync(
      render(
        html`<identity-password-field toggle-label=${options.toggleLabel} minlength=${options.minlength ?? nothing}>${unsafeHTML(field.value)}</identity-password-field>`,
      ),
    ),
  );
}
