/** Federated `./password-field`: importing it defines `<identity-password-field>` (hydrating any server-rendered one). */
import { IdentityPasswordField } from "./password-field";
import { PASSWORD_FIELD_TAG } from "./tags";

if (!customElements.get(PASSWORD_FIELD_TAG)) customElements.define(PASSWORD_FIELD_TAG, IdentityPasswordField);

export { IdentityPasswordField, PASSWORD_FIELD_TAG };
