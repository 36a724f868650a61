import { describe, expect, test } from "bun:test";
import { CART_UPDATED } from "@tessera/contracts/dom-events";
import { InventoryStock, stockHeadline, storeName } from "./stock-badge";
import "./index";

// biome-ignore lint/suspicious/noExplicitAny: the handlers are private; the test calls them
type Open = any;

const live = {
  sku: "CL-01-GR",
  available: 0,
  status: "sold-out",
  stores: [{ storeId: "store-munich", available: 0, status: "sold-out" }],
};

function badge(): Open {
  const element = new InventoryStock() as Open;
  element.sku = "CL-01-GR";
  element.available = 3;
  element.status = "low";
  element.stores = [{ storeId: "store-munich", available: 3, status: "low" }];
  return element;
}

describe("<inventory-stock> once hydrated", () => {
  test("refresh - shows the live stock the shop answers", async () => {
    const element = badge();
    await element.refresh((async () => Response.json(live)) as unknown as typeof fetch);
    expect([element.available, element.status, element.stores]).toEqual([0, "sold-out", live.stores]);
    expect(stockHeadline(element.status, element.available)).toBe("Sold out");
  });

  test("refresh when the shop cannot answer - keeps what it shows", async () => {
    const element = badge();
    await element.refresh((async () => new Response("down", { status: 503 })) as unknown as typeof fetch);
    expect([element.available, element.status]).toEqual([3, "low"]);
  });

  test(`${CART_UPDATED} - re-reads for its own sku or a change of no sku in particular, not for another sku`, () => {
    const element = badge();
    let reads = 0;
    element.refresh = async () => {
      reads++;
    };
    const updated = (sku?: string) =>
      new CustomEvent(CART_UPDATED, { detail: { count: 1, total: { amount: 1, currency: "EUR" }, sku } });
    element.onCartUpdated(updated("OTHER-1"));
    expect(reads).toBe(0);
    element.onCartUpdated(updated("CL-01-GR"));
    element.onCartUpdated(updated(undefined));
    expect(reads).toBe(2);
  });
});

describe("storeName and stockHeadline", () => {
  test("a store id and the totals - in words", () => {
    expect(storeName("store-hamburg")).toBe("Hamburg");
    expect(stockHeadline("low", 1)).toBe("Only 1 left");
    expect(stockHeadline("in-stock", 40)).toBe("In stock");
  });
});
