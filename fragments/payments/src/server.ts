/**
 * Server-side rendering of the payments fragments with Lit SSR. The payment-method fieldset is
 * light DOM (no shadow root): its inputs must belong to the page's form.
 */
import { Readable } from "node:stream";
import { type RenderResult, render } from "@lit-labs/ssr";
import { collectResult } from "@lit-labs/ssr/lib/render-result.js";
import { RenderResultReadable } from "@lit-labs/ssr/lib/render-result-readable.js";
import { type PaymentMethodOptions, paymentMethodTemplate } from "./payment-method";

export type { PaymentMethodOptions, RenderResult };

/** Renders the `payments/payment-method` fieldset. */
export function renderPaymentMethod(options: PaymentMethodOptions = {}): RenderResult {
  return render(paymentMethodTemplate(options));
}

/** Collects a render result into one string. */
export function renderToString(result: RenderResult): Promise<string> {
  return collectResult(result);
}

/** Streams a render result as UTF-8 chunks, in order, as lit yields it. */
export function renderToStream(result: RenderResult): ReadableStream<Uint8Array> {
  return Readable.toWeb(new RenderResultReadable(result)) as unknown as ReadableStream<Uint8Array>;
}
