/**
 * The simulated provider's test payment methods, as a shopper picks them: a masked test card
 * number, the full test number (the well-known one a shopper may type), and what the card does.
 * Only the token travels: a typed number only picks its method in the browser and is never sent.
 */
import type { PaymentToken } from "@tessera/contracts/events";

export interface TestPaymentMethod {
  token: PaymentToken;
  /** The masked test card, e.g. "Visa •••• 4242". */
  card: string;
  /** The test card's number, digits only. */
  number: string;
  /** What paying with it does, in words. */
  behaviour: string;
}

export const TEST_PAYMENT_METHODS: readonly TestPaymentMethod[] = [
  {
    token: "tok_visa_success",
    card: "Visa •••• 4242",
    number: "4242424242424242",
    behaviour: "Test card: always approved",
  },
  {
    token: "tok_visa_declined",
    card: "Visa •••• 0002",
    number: "4000000000000002",
    behaviour: "Test card: always declined",
  },
  {
    token: "tok_visa_timeout",
    card: "Visa •••• 0119",
    number: "4000000000000119",
    behaviour: "Test card: the bank never answers",
  },
];

/** The method a form starts with when nothing was chosen yet. */
export const DEFAULT_PAYMENT_TOKEN: PaymentToken = "tok_visa_success";

/** The masked card of a token ("Visa •••• 4242"). */
export function cardOf(token: PaymentToken): string {
  return TEST_PAYMENT_METHODS.find((m) => m.token === token)?.card ?? token;
}
