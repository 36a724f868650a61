/**
 * Server-side rendering of the payments fragments with Lit SSR: `<payments-method-picker>` with
 * its declarative shadow root around the payment-method fieldset, which stays in the light DOM
 * (its inputs must belong to the page's form).
 */
import { Readable } from "node:stream";
import { type RenderResult, render } from "@lit-labs/ssr";
import { collectResult } from "@lit-labs/ssr/lib/render-result.js";
import { RenderResultReadable } from "@lit-labs/ssr/lib/render-result-readable.js";
import { html } from "lit";
import { type PaymentMethodOptions, paymentMethodTemplate } from "./payment-method";
import "./method-picker-entry"; // defines <payments-method-picker> in the server's custom element registry

export type { PaymentMethodOptions, RenderResult };

/** Renders the `payments/payment-method` fragment: the picker around the fieldset. */
export function renderPaymentMethod(options: PaymentMethodOptions = {}): RenderResult {
  return render(html`<payments-method-picker>${paymentMethodTemplate(options)}</payments-method-picker>`);
}

/** Collects a render result into one string. */
export function renderToString(result: RenderResult): Promise<string> {
  return collectResult(result);
}

/** Streams a render result as UTF-8 chunks, in order, as lit yields it. */
export function renderToStream(result: RenderResult): ReadableStream<Uint8Array> {
  return Readable.toWeb(new RenderResultReadable(result)) as unknown as ReadableStream<Uint8Array>;
}

/**
 * Every fragment this package renders, one uniform shape (JSON data in, render result out): what
 * the payments service calls for its built-in version, and what a deployed release's worker calls
 * (see @tessera/chassis/releases).
 */
export const renderers = {
  "payment-method": (data: PaymentMethodOptions) => renderPaymentMethod(data),
};
