/**
 * The simulated payment provider: what each test payment method does. No card number ever
 * reaches it; the token names the behaviour.
 */
import type { PaymentToken } from "@tessera/contracts/events";

export type ProviderAnswer =
  | { kind: "authorized" }
  | { kind: "declined"; reason: string }
  /** The bank never answers: the attempt stays pending and the saga's timeout decides. */
  | { kind: "no-answer" };

/** The message a shopper sees when the card is declined. */
export const DECLINED_REASON = "Your card was declined.";

export function providerAnswer(token: PaymentToken): ProviderAnswer {
  switch (token) {
    case "tok_visa_success":
      return { kind: "authorized" };
    case "tok_visa_declined":
      return { kind: "declined", reason: DECLINED_REASON };
    case "tok_visa_timeout":
      return { kind: "no-answer" };
  }
}
