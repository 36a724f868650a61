/**
 * A card number as a shopper types it: grouped by four as they type, checked with the Luhn
 * checksum once complete, and matched against the shop's test cards. Runs in the browser only;
 * the number is never sent (the form posts the chosen method's token).
 */
import { TEST_PAYMENT_METHODS, type TestPaymentMethod } from "./methods";

/** Digits a card number has here (the test cards are all Visa, 16 digits). */
export const CARD_DIGITS = 16;

/** The digits of what was typed (spaces, dashes and anything else dropped), at most 16. */
export function cardDigits(typed: string): string {
  return typed.replace(/\D/g, "").slice(0, CARD_DIGITS);
}

/** "4242424242" → "4242 4242 42": the digits grouped by four. */
export function formatCardNumber(typed: string): string {
  return cardDigits(typed).replace(/(\d{4})(?=\d)/g, "$1 ");
}

/** True when `digits` passes the Luhn checksum every card number carries. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export type CardCheck =
  | { kind: "empty" }
  | { kind: "incomplete"; missing: number }
  | { kind: "invalid" }
  | { kind: "not-a-test-card" }
  | { kind: "test-card"; method: TestPaymentMethod };

/** What a typed number is: not finished, mistyped, a real card (refused here), or one of the test cards. */
export function checkCardNumber(typed: string): CardCheck {
  const digits = cardDigits(typed);
  if (digits.length === 0) return { kind: "empty" };
  if (digits.length < CARD_DIGITS) return { kind: "incomplete", missing: CARD_DIGITS - digits.length };
  if (!luhnValid(digits)) return { kind: "invalid" };
  const method = TEST_PAYMENT_METHODS.find((m) => m.number === digits);
  return method ? { kind: "test-card", method } : { kind: "not-a-test-card" };
}

/** What the picker says about a typed number (empty: nothing to say). */
export function cardMessage(check: CardCheck): string {
  switch (check.kind) {
    case "empty":
      return "";
    case "incomplete":
      return `${check.missing} more ${check.missing === 1 ? "digit" : "digits"}`;
    case "invalid":
      return "That is not a valid card number: please check the digits.";
    case "not-a-test-card":
      return "This shop takes test cards only: try 4242 4242 4242 4242.";
    case "test-card":
      return `${check.method.card} chosen. ${check.method.behaviour}.`;
  }
}
