/**
 * What the shopper reads when a cart change or an order fails. Forms redirect with
 * `?error=<code>`; pages look the code up here, so no text from the URL ever reaches the page.
 */
export const MESSAGES = {
  "sold-out": "Sorry, this item is sold out.",
  "not-enough-stock": "We do not have that many in stock. Please choose a smaller quantity.",
  quantity: "Choose a quantity from 1 to 10 per item.",
  "unknown-product": "We could not find that product.",
  "not-in-cart": "That item is no longer in your cart.",
  "empty-cart": "Your cart is empty. Add something before checking out.",
  "cart-unavailable": "Part of your cart is no longer available. Please review your cart.",
  "invalid-form": "Something in the form was not filled in correctly. Please check it and try again.",
  delivery:
    "Choose a pickup store, or enter a complete delivery address (name, street, postal code, city, country).",
  payment: "Choose a payment method.",
  "payment-declined": "Your card was declined. Nothing was charged and your cart is unchanged.",
  "payment-timeout":
    "The payment provider did not answer in time. Nothing was charged and your cart is unchanged. Please try again.",
  "out-of-stock":
    "Sorry, part of your order is no longer in stock. Nothing was charged and your cart is unchanged.",
  "stock-timeout":
    "We could not confirm the stock in time. Nothing was charged and your cart is unchanged. Please try again.",
  cancelled: "Your order was cancelled. Nothing was charged and your cart is unchanged.",
} as const;

export type MessageCode = keyof typeof MESSAGES;

/** The message for a code, or undefined for a code this team never sends. */
export function messageFor(code: string | undefined | null): string | undefined {
  return code && Object.hasOwn(MESSAGES, code) ? MESSAGES[code as MessageCode] : undefined;
}
