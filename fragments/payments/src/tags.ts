/** Custom element tag of the payment-method picker; shared by the SSR renderer, the component and the manifest. */
export const METHOD_PICKER_TAG = "payments-method-picker";
