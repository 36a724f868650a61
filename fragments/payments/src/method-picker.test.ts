import { describe, expect, test } from "bun:test";
import { PaymentsMethodPicker } from "./method-picker";
import "./method-picker-entry";

// biome-ignore lint/suspicious/noExplicitAny: the handlers are private; the test calls them
type Open = any;

/** A picker whose light DOM holds the three radios, as plain objects recording what is done to them. */
function picker() {
  const element = new PaymentsMethodPicker() as Open;
  const radios = ["tok_visa_success", "tok_visa_declined", "tok_visa_timeout"].map((value) => ({
    value,
    checked: value === "tok_visa_success",
    changes: 0,
    dispatchEvent(event: Event) {
      if (event.type === "change" && event.bubbles) this.changes++;
      return true;
    },
  }));
  element.querySelector = (selector: string) =>
    radios.find(
      (r) => selector.includes(`[value="${r.value}"]`) && selector.includes('[name="paymentToken"]'),
    ) ?? null;
  return { element, radios };
}

describe("<payments-method-picker> once hydrated", () => {
  test("typing a test card's number - formats it and checks that card's radio, announcing the change", () => {
    const { element, radios } = picker();
    const input = { value: "4000000000000002" };
    element.onInput({ target: input });
    expect(input.value).toBe("4000 0000 0000 0002");
    expect(element.number).toBe("4000 0000 0000 0002");
    expect(radios[1]?.checked).toBe(true);
    expect(radios[1]?.changes).toBe(1);
  });

  test("typing a number that is not a test card - checks nothing", () => {
    const { element, radios } = picker();
    element.onInput({ target: { value: "4111 1111 1111 1111" } });
    element.onInput({ target: { value: "4000 0000 0000 011" } });
    expect(radios.map((r) => r.changes)).toEqual([0, 0, 0]);
    expect(radios[2]?.checked).toBe(false);
  });

  test("before hydration (the server's render) - only the slot: the card field needs JavaScript", () => {
    const element = new PaymentsMethodPicker() as Open;
    expect(element.enhanced).toBe(false);
    const template = element.render();
    expect(template.strings.join("")).toBe("<slot></slot>");
  });
});
