import { describe, expect, test } from "bun:test";
import { renderHeader } from "./header";
import { renderCategoryPage, renderRecommendations, renderStoresPage } from "./pages";
import { renderStorePicker } from "./store-picker-view";
import { renderTile } from "./tile";
import type { ProductTile, StoreDetails } from "./types";

const tile: ProductTile = {
  productId: "TR-1",
  name: `Big <Red>`,
  category: "classic",
  categoryName: "Classic tractors",
  sku: "T-1-RD",
  image: "/r.svg",
  price: { amount: 5_890_000, currency: "EUR" },
  priceVaries: true,
  colors: [
    { color: "#b3261e", name: "Barn Red" },
    { color: "javascript:alert(1)", name: "Bad" },
  ],
};

const store: StoreDetails = {
  id: "store-x",
  name: "Tessera <X>",
  street: "Main St 1",
  postalCode: "12345",
  city: "X-Town",
  country: "Germany",
  phone: "+49 1 2",
  hours: [{ days: "Monday – Friday", hours: "09:00 – 18:00" }],
};

describe("renderTile", () => {
  test("a tile - links to the product page of its sku, escapes the name and says 'from' when prices vary", () => {
    const html = renderTile(tile).toString();
    expect(html).toContain('href="/product/TR-1?sku=T-1-RD"');
    expect(html).toContain("Big &lt;Red&gt;");
    expect(html).toContain("from €58,900.00");
    expect(html).toContain('alt=""');
  });

  test("a colour that is not a hex colour - is drawn grey", () => {
    const html = renderTile(tile).toString();
    expect(html).not.toContain("javascript:");
    expect(html).toContain('fill="#888888"');
  });
});

describe("renderHeader", () => {
  test("no categories yet - still links all tractors and the stores", () => {
    const html = renderHeader({ categories: [] });
    expect(html).toContain('href="/products"');
    expect(html).toContain('href="/stores"');
    expect(html).not.toContain('aria-current="page">');
  });

  test("current=home - marks the logo link", () => {
    expect(renderHeader({ categories: [], current: "home" })).toContain(
      '<a class="explore-header-logo" href="/" aria-label="Tessera Tractors, home" aria-current="page">',
    );
  });
});

describe("renderCategoryPage", () => {
  test("no products - says so instead of an empty grid", () => {
    const html = renderCategoryPage({ categories: [], tiles: [] });
    expect(html).toContain("No tractors to show here yet");
    expect(html).not.toContain('class="explore-tiles');
  });
});

describe("renderRecommendations", () => {
  test("nothing to recommend - renders an empty, hidden boundary", () => {
    expect(renderRecommendations([])).toBe(
      '<section class="explore-root explore-recos" data-boundary="explore/recommendations" hidden></section>',
    );
  });
});

describe("renderStoresPage and renderStorePicker", () => {
  test("store details - are escaped, and the phone becomes a tel: link", async () => {
    const page = renderStoresPage([store]);
    expect(page).toContain("Tessera &lt;X&gt;");
    expect(page).toContain('href="tel:+4912"');
    const picker = await renderStorePicker({ stores: [store] });
    expect(picker).toContain('data-name="Tessera &lt;X&gt;"');
  });
});
