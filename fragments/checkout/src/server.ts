/**
 * Server-side rendering of checkout's fragments with Lit SSR. The interactive ones
 * (`<checkout-add-to-cart>`, `<checkout-mini-cart>`) render with Declarative Shadow DOM and
 * hydrate in the browser; the pages are light DOM, so their forms can hold the controls other
 * teams' nested fragments render (the store picker, the payment methods).
 */
import { type RenderResult, render } from "@lit-labs/ssr";
import { collectResult } from "@lit-labs/ssr/lib/render-result.js";
import { html, nothing } from "lit";
import "./index"; // defines checkout's custom elements in the server's registry
import { cartPage } from "./pages/cart-page";
import { checkoutPage } from "./pages/checkout-page";
import { thanksPage } from "./pages/thanks-page";
import type { CartData, OrderData } from "./pages/types";

export { MESSAGES, type MessageCode, messageFor } from "./messages";
export { COUNTRIES } from "./pages/checkout-page";
export type { CartData, CartLineData, DeliveryData, Money, OrderData } from "./pages/types";
export type { RenderResult };

export interface AddToCartData {
  sku: string;
  soldOut: boolean;
  /** Units left when inventory has told (bounds the quantity picker). */
  available?: number | null;
  /** A message code from a failed form post. */
  error?: string;
  /** A same-site path to come back to after adding (the cart otherwise). */
  returnTo?: string;
}

/** `<checkout-add-to-cart>` with its shadow root; the data goes in attributes for hydration. */
export function renderAddToCart(data: AddToCartData): RenderResult {
  const available = typeof data.available === "number" ? data.available : undefined;
  return render(html`<checkout-add-to-cart
    data-boundary="checkout/add-to-cart"
    sku=${data.sku}
    ?soldout=${data.soldOut}
    available=${available ?? nothing}
    error=${data.error || nothing}
    return-to=${data.returnTo || nothing}
  ></checkout-add-to-cart>`);
}

/** `<checkout-mini-cart>` with its shadow root. */
export function renderMiniCart(count: number): RenderResult {
  return render(
    html`<checkout-mini-cart data-boundary="checkout/mini-cart" count=${count}></checkout-mini-cart>`,
  );
}

/** The cart page (light DOM). */
export function renderCartPage(cart: CartData, error?: string): RenderResult {
  return render(cartPage(cart, error));
}

/** The checkout page (light DOM), with the store picker and payment method as nested fragment tags. */
export function renderCheckoutPage(cart: CartData, error?: string): RenderResult {
  return render(checkoutPage(cart, error));
}

/** The thanks page (light DOM). */
export function renderThanksPage(order: OrderData): RenderResult {
  return render(thanksPage(order));
}

/** Collects a render result into one string (awaits any async parts). */
export function renderToString(result: RenderResult): Promise<string> {
  return collectResult(result);
}

/** Strings rendered synchronously are coalesced up to this size before a chunk is enqueued. */
const CHUNK_SIZE = 16 * 1024;

function isIterable(value: object): value is Iterable<unknown> {
  return typeof (value as Partial<Iterable<unknown>>)[Symbol.iterator] === "function";
}

function isThenable(value: object): value is PromiseLike<unknown> {
  return typeof (value as Partial<PromiseLike<unknown>>).then === "function";
}

/**
 * Streams a render result as UTF-8 chunks, in order, as lit yields it (same walk as
 * fragments/catalog's: nested iterables depth-first, promises awaited after flushing).
 */
export function renderToStream(result: RenderResult): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const stack: Iterator<unknown>[] = [result[Symbol.iterator]()];
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let text = "";
      while (stack.length > 0 && text.length < CHUNK_SIZE) {
        const next = stack[stack.length - 1]?.next();
        if (!next || next.done) {
          stack.pop();
          continue;
        }
        const value = next.value;
        if (typeof value === "string") {
          text += value;
        } else if (typeof value === "object" && value !== null && isIterable(value)) {
          stack.push(value[Symbol.iterator]());
        } else if (typeof value === "object" && value !== null && isThenable(value)) {
          if (text) {
            stack.push([value][Symbol.iterator]());
            break;
          }
          stack.push([await value][Symbol.iterator]());
        } else if (value !== undefined) {
          throw new TypeError(`Unexpected value in RenderResult: ${String(value)}`);
        }
      }
      if (text) controller.enqueue(encoder.encode(text));
      if (stack.length === 0) controller.close();
    },
    cancel() {
      stack.length = 0;
    },
  });
}
