import { describe, expect, test } from "bun:test";
import { renderers, renderPaymentMethod, renderToStream, renderToString } from "./server";

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

describe("the picker around the fieldset", () => {
  test("the fragment's root - <payments-method-picker> with a declarative shadow root slotting the fieldset, which stays in the light DOM", async () => {
    const html = await renderToString(renderPaymentMethod());
    expect(html).toMatch(/^(<!--[^>]*-->)*<payments-method-picker[^>]*><template [^>]*shadowrootmode="open"/);
    const shadow = html.slice(html.indexOf("<template"), html.indexOf("</template>"));
    expect(shadow).toContain("<slot></slot>");
    expect(shadow).not.toContain("paymentToken");
    // the radios come after the shadow root: light DOM, submitted with checkout's form
    expect(html.indexOf('name="paymentToken"')).toBeGreaterThan(html.indexOf("</template>"));
    expect(html).not.toContain("card-number"); // the card field needs JavaScript
  });

  test("renderers - JSON data in, the same HTML as renderPaymentMethod out", async () => {
    expect(Object.keys(renderers)).toEqual(["payment-method"]);
    const data = { selected: "tok_visa_declined" as const, stylesheet: "/_assets/payments/p.css" };
    expect(await renderToString(renderers["payment-method"](JSON.parse(JSON.stringify(data))))).toBe(
      await renderToString(renderPaymentMethod(data)),
    );
  });
});
