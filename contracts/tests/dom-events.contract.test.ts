/**
 * The DOM events between fragments, checked on both sides with the components' own code (Lit
 * runs under Bun with its server DOM shim): each dispatcher emits the declared name, bubbling and
 * composed, with a detail that passes the declared shape (strictly); each listener handles such
 * a detail. `checkout:cart-updated`'s detail comes from checkout's real cart API (in-memory
 * service and database) through the component's own request code.
 *
 * Listeners today: `checkout:cart-updated` → `<checkout-mini-cart>` and `<inventory-stock>`; `tessera:region-requested`
 * (`<checkout-mini-cart>` asking for its popover, `<catalog-product-card>` for its quick view,
 * `<catalog-quick-view>` for checkout's add-to-cart) → the shell's region handler. `catalog:wishlist-toggled`
 * and `explore:store-selected` have none in the code (the checkout form reads the picker's
 * `storeId` field instead), so only their dispatchers are checked.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type BuiltService, buildService } from "@tessera/chassis/service";
import {
  CART_UPDATED,
  REGION_REQUESTED,
  STORE_SELECTED,
  WISHLIST_TOGGLED,
} from "@tessera/contracts/dom-events";
import {
  CartUpdatedDetailSchema,
  RegionRequestedDetailSchema,
  StoreSelectedDetailSchema,
  WishlistToggledDetailSchema,
} from "@tessera/contracts/dom-events/schemas";
import { federation as catalogFederation } from "../../fragments/catalog/src/manifest.ts";
import { CatalogProductCard } from "../../fragments/catalog/src/product-card.ts";
import { CatalogQuickView } from "../../fragments/catalog/src/quick-view.ts";
import { CheckoutAddToCart } from "../../fragments/checkout/src/add-to-cart.ts";
import { federation as checkoutFederation } from "../../fragments/checkout/src/manifest.ts";
import { CheckoutMiniCart } from "../../fragments/checkout/src/mini-cart.ts";
import { ExploreStorePicker } from "../../fragments/explore/src/store-picker.ts";
import { InventoryStock } from "../../fragments/inventory/src/stock-badge.ts";
import { checkout } from "../../services/checkout/app.ts";
import { handleRegionRequests } from "../../shell/src/regions.ts";
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
  }, 60_000);
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

describe(`${CART_UPDATED} (checkout-add-to-cart → inventory-stock)`, () => {
  test(`${CART_UPDATED} - the stock badge hears it for its sku - re-reads the live stock and shows it`, async () => {
    const badge = new InventoryStock() as Open;
    Object.assign(badge, { sku: "CL-01-GR", available: 3, status: "low", stores: [] });
    const asked: string[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (input: string | URL | Request) => {
      asked.push(String(input));
      return Response.json({ sku: "CL-01-GR", available: 0, status: "sold-out", stores: [] });
    }) as typeof fetch;
    try {
      const detail = CartUpdatedDetailSchema.parse({
        count: 1,
        total: { amount: 100, currency: "EUR" },
        sku: "CL-01-GR",
      });
      badge.onCartUpdated(new CustomEvent(CART_UPDATED, { detail, bubbles: true, composed: true }));
      await Bun.sleep(0);
      badge.onCartUpdated(new CustomEvent(CART_UPDATED, { detail: { ...detail, sku: "OTHER-1" } }));
      await Bun.sleep(0);
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(asked).toEqual(["/api/inventory/stock/CL-01-GR"]);
    expect([badge.available, badge.status]).toEqual([0, "sold-out"]);
  });
});

describe(`${REGION_REQUESTED} (checkout-mini-cart → the shell)`, () => {
  /** What the mini cart asks for when the shopper clicks it. */
  async function requested(): Promise<CustomEvent> {
    const miniCart = new CheckoutMiniCart() as Open;
    const events = captured(miniCart);
    let followed = true;
    miniCart.onClick({
      button: 0,
      currentTarget: { href: "/checkout/cart" },
      preventDefault: () => {
        followed = false;
      },
    });
    expect(followed).toBe(true); // no shell answered: the link is followed
    expect(events).toHaveLength(1);
    return events[0] as CustomEvent;
  }

  test(`${REGION_REQUESTED} - the shopper opens the mini cart - dispatched for a module checkout's remote exposes`, async () => {
    const event = await requested();
    expect(event.type).toBe(REGION_REQUESTED);
    expect(event.bubbles && event.composed).toBe(true);
    const detail = RegionRequestedDetailSchema.parse(event.detail);
    expect(detail).toEqual({
      module: "checkout/mini-cart-popover",
      element: "checkout-mini-cart-popover",
      mount: true,
    });
    const expose = `./${detail.module.split("/")[1]}` as keyof typeof checkoutFederation.exposes;
    expect(checkoutFederation.exposes[expose] as string).toBe(detail.element);
  });

  test(`${REGION_REQUESTED} - the shell hears it - loads the module, mounts the element, answers through result`, async () => {
    const detail = RegionRequestedDetailSchema.parse((await requested()).detail);
    const g = globalThis as { window?: unknown; document?: unknown };
    const saved = { window: g.window, document: g.document };
    const element = (localName: string) => ({
      localName,
      id: "",
      dataset: {} as Record<string, string>,
      children: [] as unknown[],
      attributes: {} as Record<string, string>,
      setAttribute(name: string, value: string) {
        this.attributes[name] = value;
      },
      append(child: unknown) {
        this.children.push(child);
      },
    });
    const body = element("body");
    g.window = new EventTarget();
    g.document = { getElementById: () => null, createElement: element, body };
    const defined: string[][] = [];
    try {
      const loader = {
        define: async (module: string, tag: string) => {
          defined.push([module, tag]);
        },
      };
      handleRegionRequests(loader as never, () => {});
      (g.window as EventTarget).dispatchEvent(new CustomEvent(REGION_REQUESTED, { detail }));
      expect(detail.result).toBeInstanceOf(Promise);
      const mounted = (await detail.result) as unknown as { localName: string };
      expect(defined).toEqual([["checkout/mini-cart-popover", "checkout-mini-cart-popover"]]);
      expect(mounted.localName).toBe("checkout-mini-cart-popover");
    } finally {
      g.window = saved.window;
      g.document = saved.document;
    }
  });
});

describe(`${REGION_REQUESTED} (catalog-product-card, catalog-quick-view → the shell)`, () => {
  test(`${REGION_REQUESTED} - the shopper asks a card for its quick view - dispatched for a module catalog's remote exposes, with the card's sku`, () => {
    const card = new CatalogProductCard() as Open;
    card.sku = "CL-01-GR";
    const events = captured(card);
    card.openQuickView({ currentTarget: {} });
    expect(events).toHaveLength(1);
    expect(events[0]?.type).toBe(REGION_REQUESTED);
    expect(events[0]?.bubbles && events[0]?.composed).toBe(true);
    const detail = RegionRequestedDetailSchema.parse(events[0]?.detail);
    expect(detail).toEqual({
      module: "catalog/quick-view",
      element: "catalog-quick-view",
      mount: true,
      attributes: { sku: "CL-01-GR" },
    });
    const expose = `./${detail.module.split("/")[1]}` as keyof typeof catalogFederation.exposes;
    expect(catalogFederation.exposes[expose] as string).toBe(detail.element);
  });

  test(`${REGION_REQUESTED} - the quick view shows a product - asks to define checkout's add-to-cart (mount: false), a module checkout's remote exposes`, () => {
    const view = new CatalogQuickView() as Open;
    const events = captured(view);
    view.requestAddToCart();
    expect(events).toHaveLength(1);
    expect(events[0]?.bubbles && events[0]?.composed).toBe(true);
    const detail = RegionRequestedDetailSchema.parse(events[0]?.detail);
    expect(detail).toEqual({ module: "checkout/add-to-cart", element: "checkout-add-to-cart", mount: false });
    const expose = `./${detail.module.split("/")[1]}` as keyof typeof checkoutFederation.exposes;
    expect(checkoutFederation.exposes[expose] as string).toBe(detail.element);
    // no shell answered: the quick view leaves the add-to-cart out (its product-page link remains)
    expect(view.cart).toBe("failed");
  });

  test(`${REGION_REQUESTED} - the shell hears a mount: false request - loads the module, mounts nothing, result is null`, async () => {
    const g = globalThis as { window?: unknown };
    const saved = g.window;
    g.window = new EventTarget();
    const defined: string[][] = [];
    try {
      const loader = {
        define: async (module: string, tag: string) => {
          defined.push([module, tag]);
        },
      };
      handleRegionRequests(loader as never, () => {});
      const detail = RegionRequestedDetailSchema.parse({
        module: "checkout/add-to-cart",
        element: "checkout-add-to-cart",
        mount: false,
      }) as { result?: Promise<unknown> };
      (g.window as EventTarget).dispatchEvent(new CustomEvent(REGION_REQUESTED, { detail }));
      await expect(detail.result).resolves.toBeNull();
      expect(defined).toEqual([["checkout/add-to-cart", "checkout-add-to-cart"]]);
    } finally {
      g.window = saved;
    }
  });
});
