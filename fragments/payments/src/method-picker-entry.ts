/**
 * Federated `./payment-method`: importing it defines `<payments-method-picker>`, which hydrates the
 * server-rendered picker around the payment-method fieldset.
 */
import { PaymentsMethodPicker } from "./method-picker";
import { METHOD_PICKER_TAG } from "./tags";

if (!customElements.get(METHOD_PICKER_TAG)) customElements.define(METHOD_PICKER_TAG, PaymentsMethodPicker);

export { METHOD_PICKER_TAG, PaymentsMethodPicker };
