import { describe, expect, test } from "bun:test";
import { renderPaymentMethod, renderToStream, renderToString } from "./server";

const radios = (html: string) => html.match(/<input type="radio"[^>]*>/g) ?? [];

describe("renderPaymentMethod", () => {
  test("no choice given - renders three labelled radio buttons named paymentToken, the approving card checked", async () => {
    const html = await renderToString(renderPaymentMethod());
    expect(html).toContain('data-boundary="payments/payment-method"');
    expect(html).toContain("<legend>Payment method</legend>");
    const inputs = radios(html);
    expect(inputs).toHaveLength(3);
    for (const input of inputs) {
      expect(input).toContain('name="paymentToken"');
      const id = /id="([^"]+)"/.exec(input)?.[1];
      expect(html).toContain(`<label for="${id}">`);
    }
    expect(inputs.filter((i) => i.includes("checked")).map((i) => /value="([^"]+)"/.exec(i)?.[1])).toEqual([
      "tok_visa_success",
    ]);
    expect(html).toContain("Visa •••• 4242");
    expect(html).toContain("always declined");
  });

  test("a previous choice - is the one checked", async () => {
    const html = await renderToString(renderPaymentMethod({ selected: "tok_visa_timeout" }));
    const checked = radios(html).filter((i) => i.includes("checked"));
    expect(checked).toHaveLength(1);
    expect(checked[0]).toContain('value="tok_visa_timeout"');
  });

  test("a stylesheet - is linked inside the fieldset, after its legend", async () => {
    const html = await renderToString(renderPaymentMethod({ stylesheet: "/_assets/payments/p.css" }));
    expect(html.indexOf('<link rel="stylesheet" href="/_assets/payments/p.css">')).toBeGreaterThan(
      html.indexOf("</legend>"),
    );
  });

  test("streaming - gives the same markup as rendering to a string", async () => {
    expect(await new Response(renderToStream(renderPaymentMethod())).text()).toBe(
      await renderToString(renderPaymentMethod()),
    );
  });
});
