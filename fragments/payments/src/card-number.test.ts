import { describe, expect, test } from "bun:test";
import { cardDigits, cardMessage, checkCardNumber, formatCardNumber, luhnValid } from "./card-number";
import { TEST_PAYMENT_METHODS } from "./methods";

describe("formatCardNumber", () => {
  test("digits as typed - grouped by four, anything else dropped, at most 16 digits", () => {
    expect(formatCardNumber("4242424")).toBe("4242 424");
    expect(formatCardNumber("4242-4242 4242x4242")).toBe("4242 4242 4242 4242");
    expect(formatCardNumber("42424242424242429999")).toBe("4242 4242 4242 4242");
    expect(formatCardNumber("4242")).toBe("4242");
    expect(cardDigits("abc")).toBe("");
  });
});

describe("luhnValid", () => {
  test("the shop's test cards - pass; one digit changed - fails", () => {
    for (const method of TEST_PAYMENT_METHODS) expect(luhnValid(method.number)).toBe(true);
    expect(luhnValid("4242424242424241")).toBe(false);
    expect(luhnValid("")).toBe(false);
  });
});

describe("checkCardNumber", () => {
  test("each test card's number - picks its method", () => {
    for (const method of TEST_PAYMENT_METHODS) {
      const check = checkCardNumber(formatCardNumber(method.number));
      expect(check).toEqual({ kind: "test-card", method });
      expect(cardMessage(check)).toBe(`${method.card} chosen. ${method.behaviour}.`);
    }
  });

  test("unfinished, mistyped, a real card's number - says so and picks nothing", () => {
    expect(checkCardNumber("")).toEqual({ kind: "empty" });
    expect(cardMessage(checkCardNumber(""))).toBe("");
    expect(checkCardNumber("4242 42")).toEqual({ kind: "incomplete", missing: 10 });
    expect(cardMessage(checkCardNumber("4242 4242 4242 424"))).toBe("1 more digit");
    expect(checkCardNumber("4242 4242 4242 4241")).toEqual({ kind: "invalid" });
    expect(cardMessage({ kind: "invalid" })).toContain("not a valid card number");
    // a valid Visa number that is not one of the shop's test cards
    expect(checkCardNumber("4111 1111 1111 1111")).toEqual({ kind: "not-a-test-card" });
    expect(cardMessage({ kind: "not-a-test-card" })).toContain("test cards only");
  });
});
