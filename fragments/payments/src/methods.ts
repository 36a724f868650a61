/**
 * The simulated provider's test payment methods, as a shopper picks them: a masked test card
 * number and what the card does. Only the token travels; no card number is ever entered or sent.
 */
import type { PaymentToken } from "@tessera/contracts/events";

export interface TestPaymentMethod {
  token: PaymentToken;
  /** The masked test card, e.g. "Visa •••• 4242". */
  card: string;
  /** What paying with it does, in words. */
  behaviour: string;
}

export const TEST_PAYMENT_METHODS: readonly TestPaymentMethod[] = [
  { token: "tok_visa_success", card: "Visa •••• 4242", behaviour: "Test card: always approved" },
  { token: "tok_visa_declined", card: "Visa •••• 0002", behaviour: "Test card: always declined" },
  { token: "tok_visa_timeout", card: "Visa •••• 0119", behaviour: "Test card: the bank never answers" },
];

/** The method a form starts with when nothing was chosen yet. */
export const DEFAULT_PAYMENT_TOKEN: PaymentToken = "tok_visa_success";

/** The masked card of a token ("Visa •••• 4242"). */
export function cardOf(token: PaymentToken): string {
  return TEST_PAYMENT_METHODS.find((m) => m.token === token)?.card ?? token;
}
