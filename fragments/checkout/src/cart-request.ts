/**
 * What `<checkout-add-to-cart>` does when hydrated, apart from the DOM: post the form to the
 * cart with `accept: application/json` and turn the answer into what the component shows and
 * the `checkout:cart-updated` detail it dispatches. A form the composer streamed carries its CSRF
 * token as `_csrf`; one rendered in the browser (inside another team's client-only region) does
 * not, so the page's token (`<meta name="tessera-csrf">`) goes along as `x-csrf-token`.
 */
import type { CartUpdatedDetail } from "@tessera/contracts/dom-events";
import { messageFor } from "./messages";

export type CartRequestResult =
  | { ok: true; detail: CartUpdatedDetail }
  | { ok: false; message: string; soldOut: boolean };

const FAILED = "Sorry, that did not work. Please try again.";

/** The page's CSRF token (`<meta name="tessera-csrf">`, written by the composer), if any. */
export function pageCsrfToken(
  doc: Pick<Document, "querySelector"> | undefined = globalThis.document,
): string {
  if (typeof doc?.querySelector !== "function") return "";
  return doc.querySelector<HTMLMetaElement>('meta[name="tessera-csrf"]')?.content ?? "";
}

/** Posts `fields` to `action` as a form, asking for JSON; never throws. */
export async function postToCart(
  action: string,
  fields: Iterable<[string, string]>,
  fetcher: typeof fetch = fetch,
  csrfToken: string = pageCsrfToken(),
): Promise<CartRequestResult> {
  const body = new URLSearchParams();
  for (const [name, value] of fields) body.append(name, value);
  const headers: Record<string, string> = {
    accept: "application/json",
    "content-type": "application/x-www-form-urlencoded",
  };
  if (csrfToken && !body.has("_csrf")) headers["x-csrf-token"] = csrfToken;
  let response: Response;
  try {
    response = await fetcher(action, {
      method: "POST",
      headers,
      body,
      credentials: "same-origin",
    });
  } catch {
    return { ok: false, message: "We could not reach the shop. Please try again.", soldOut: false };
  }
  const answer = (await response.json().catch(() => ({}))) as {
    count?: unknown;
    total?: { amount: number; currency: string };
    sku?: string;
    reason?: string;
  };
  if (!response.ok || typeof answer.count !== "number" || !answer.total) {
    return { ok: false, message: messageFor(answer.reason) ?? FAILED, soldOut: answer.reason === "sold-out" };
  }
  const detail: CartUpdatedDetail = { count: answer.count, total: answer.total };
  if (answer.sku) detail.sku = answer.sku;
  return { ok: true, detail };
}
