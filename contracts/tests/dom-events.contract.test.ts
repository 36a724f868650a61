/**
 * The DOM events between fragments, checked on both sides with the components' own code (Lit
 * runs under Bun with its server DOM shim): each dispatcher emits the declared name, bubbling and
 * composed, with a detail that passes the declared shape (strictly); each listener handles such
 * a detail. `checkout:cart-updated`'s detail comes from checkout's real cart API (in-memory
 * service and database) through the component's own request code.
 *
 * Listeners today: `checkout:cart-updated` → `<checkout-mini-cart>`. `catalog:wishlist-toggled`
 * and `explore:store-selected` have none in the code (the checkout form reads the picker's
 * `storeId` field instead), so only their dispatchers are checked.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type BuiltService, buildService } from "@tessera/chassis/service";
import { CART_UPDATED, STORE_SELECTED, WISHLIST_TOGGLED } from "@tessera/contracts/dom-events";
import {
  CartUpdatedDetailSchema,
  StoreSelectedDetailSchema,
  WishlistToggledDetailSchema,
} from "@tessera/contracts/dom-events/schemas";
import { CatalogProductCard } from "../../fragments/catalog/src/product-card.ts";
import { CheckoutAddToCart } from "../../fragments/checkout/src/add-to-cart.ts";
import { CheckoutMiniCart } from "../../fragments/checkout/src/mini-cart.ts";
import { ExploreStorePicker } from "../../fragments/explore/src/store-picker.ts";
import { checkout } from "../../services/checkout/app.ts";
import { PROVIDERS } from "../support/providers.ts";

/** The events an element dispatches, captured instead of sent into a DOM. */
function captured(element: object): CustomEvent[] {
  const events: CustomEvent[] = [];
  (element as { dispatchEvent: (e: Event) => boolean }).dispatchEvent = (event: Event) => {
    events.push(event as CustomEvent);
    return true;
  };
  return events;
}

// biome-ignore lint/suspicious/noExplicitAny: the components' handlers are private; the test calls them
type Open = any;

describe(`${WISHLIST_TOGGLED} (catalog-product-card → no listener)`, () => {
  test(`${WISHLIST_TOGGLED} - the shopper saves a product - dispatched with { sku, saved }`, () => {
    const card = new CatalogProductCard() as Open;
    card.sku = "CL-01-GR";
    const events = captured(card);
    card.toggleSaved();
    card.toggleSaved();
    expect(events.map((e) => e.type)).toEqual([WISHLIST_TOGGLED, WISHLIST_TOGGLED]);
    for (const event of events) expect(event.bubbles && event.composed).toBe(true);
    expect(events.map((e) => WishlistToggledDetailSchema.parse(e.detail))).toEqual([
      { sku: "CL-01-GR", saved: true },
      { sku: "CL-01-GR", saved: false },
    ]);
  });
});

describe(`${STORE_SELECTED} (explore-store-picker → no listener)`, () => {
  test(`${STORE_SELECTED} - the shopper picks a store - dispatched with { storeId, name }`, () => {
    const g = globalThis as { HTMLSelectElement?: unknown };
    const hadSelect = "HTMLSelectElement" in g;
    if (!hadSelect) g.HTMLSelectElement = class {};
    try {
      const picker = new ExploreStorePicker() as Open;
      const events = captured(picker);
      picker.onChange({
        target: { name: "storeId", value: "store-hamburg", dataset: { name: "Tessera Hamburg" } },
      });
      picker.onChange({ target: { name: "other", value: "x", dataset: {} } });
      expect(events).toHaveLength(1);
      expect(events[0]?.type).toBe(STORE_SELECTED);
      expect(events[0]?.bubbles && events[0]?.composed).toBe(true);
      expect(StoreSelectedDetailSchema.parse(events[0]?.detail)).toEqual({
        storeId: "store-hamburg",
        name: "Tessera Hamburg",
      });
    } finally {
      if (!hadSelect) delete g.HTMLSelectElement;
    }
  });
});

describe(`${CART_UPDATED} (checkout-add-to-cart → checkout-mini-cart)`, () => {
  let service: BuiltService;
  beforeAll(async () => {
    service = await buildService(checkout, { env: { LOG_LEVEL: "silent" }, inMemory: true });
    const onSale = PROVIDERS.checkout?.states.find(([p]) => p.test("a product with sku CL-01-GR is on sale"));
    if (!onSale) throw new Error("checkout has no 'on sale' state");
    await onSale[1](
      service,
      "a product with sku CL-01-GR is on sale".match(onSale[0]) as RegExpMatchArray,
      {},
    );
  });
  afterAll(() => service?.close());

  test(`${CART_UPDATED} - a product is added through the real cart API - dispatched with the declared detail`, async () => {
    const button = new CheckoutAddToCart() as Open;
    const events = captured(button);
    const realFetch = globalThis.fetch;
    const realFormData = globalThis.FormData;
    // The browser's fetch and FormData, played by checkout's app and the form's fields.
    globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) =>
      service.app.request(String(input), init)) as typeof fetch;
    globalThis.FormData = class {
      constructor(form: { fields: [string, string][] }) {
        // biome-ignore lint/correctness/noConstructorReturn: stands in for the DOM's FormData
        return form.fields as unknown as FormData;
      }
    } as unknown as typeof FormData;
    try {
      await button.onSubmit({
        preventDefault() {},
        currentTarget: {
          action: "/checkout/cart/add",
          fields: [
            ["sku", "CL-01-GR"],
            ["quantity", "2"],
          ],
        },
      });
    } finally {
      globalThis.fetch = realFetch;
      globalThis.FormData = realFormData;
    }
    expect(button.status?.error).toBeFalsy();
    expect(events).toHaveLength(1);
    const event = events[0] as CustomEvent;
    expect(event.type).toBe(CART_UPDATED);
    expect(event.bubbles && event.composed).toBe(true);
    const detail = CartUpdatedDetailSchema.parse(event.detail);
    expect(detail.count).toBe(2);
    expect(detail.total.currency).toBe("EUR");
  });

  test(`${CART_UPDATED} - the mini cart hears it - shows the new count`, () => {
    const miniCart = new CheckoutMiniCart() as Open;
    const detail = CartUpdatedDetailSchema.parse({
      count: 3,
      total: { amount: 100, currency: "EUR" },
      sku: "CL-01-GR",
    });
    miniCart.onCartUpdated(new CustomEvent(CART_UPDATED, { detail, bubbles: true, composed: true }));
    expect(miniCart.count).toBe(3);
    // A detail of another shape leaves the count alone.
    miniCart.onCartUpdated(new CustomEvent(CART_UPDATED, { detail: { items: 9 } }));
    expect(miniCart.count).toBe(3);
  });
});
