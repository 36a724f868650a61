/**
 * The payments fragments' building blocks: the test payment methods, the payment-method
 * fieldset's template and CSS, and `<payments-method-picker>` around it (defined by importing
 * `./method-picker-entry`, the federated `./payment-method`).
 */
export { type CardCheck, cardMessage, checkCardNumber, formatCardNumber, luhnValid } from "./card-number";
export { PaymentsMethodPicker } from "./method-picker";
export { cardOf, DEFAULT_PAYMENT_TOKEN, TEST_PAYMENT_METHODS, type TestPaymentMethod } from "./methods";
export { type PaymentMethodOptions, paymentMethodTemplate } from "./payment-method";
export { PAYMENT_METHOD_CSS } from "./styles";
export { METHOD_PICKER_TAG } from "./tags";
