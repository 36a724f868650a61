/**
 * The payments fragments' building blocks: the test payment methods and the payment-method
 * fieldset's template. No custom element: the fragment is plain server HTML inside checkout's form.
 */
export { cardOf, DEFAULT_PAYMENT_TOKEN, TEST_PAYMENT_METHODS, type TestPaymentMethod } from "./methods";
export { type PaymentMethodOptions, paymentMethodTemplate } from "./payment-method";
export { PAYMENT_METHOD_CSS } from "./styles";
