/**
 * The payment-method fieldset's stylesheet. The fieldset lives in the light DOM (its radio buttons
 * must belong to checkout's form), so its rules are scoped by class, and the stylesheet is linked
 * (a `<link rel="stylesheet">` is valid in the body; a `<style>` is not).
 */
export const PAYMENT_METHOD_CSS = `.payments-method {
  margin: 0;
  padding: 1rem;
  border: 1px solid #d1d5db;
  border-radius: 0.75rem;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #1f2937;
  background: #fff;
}
.payments-method legend {
  padding: 0 0.25rem;
  font-weight: 700;
  font-size: 1.0625rem;
}
.payments-method__note {
  margin: 0 0 0.75rem;
  color: #4b5563;
  font-size: 0.9375rem;
}
.payments-method__option {
  display: flex;
  align-items: center;
  gap: 0.75rem;
  padding: 0.625rem 0.75rem;
  border: 1px solid #e5e7eb;
  border-radius: 0.5rem;
}
.payments-method__option + .payments-method__option {
  margin-block-start: 0.5rem;
}
.payments-method__option:has(input:checked) {
  border-color: #1d4ed8;
  background: #eff6ff;
}
.payments-method input[type="radio"] {
  inline-size: 1.25rem;
  block-size: 1.25rem;
  margin: 0;
  flex: none;
  accent-color: #1d4ed8;
}
.payments-method input[type="radio"]:focus-visible {
  outline: 3px solid #f59e0b;
  outline-offset: 2px;
}
.payments-method label {
  display: flex;
  flex-wrap: wrap;
  column-gap: 0.75rem;
  flex: 1;
  cursor: pointer;
}
.payments-method__card {
  font-weight: 600;
  font-variant-numeric: tabular-nums;
}
.payments-method__behaviour {
  color: #4b5563;
}
`;
