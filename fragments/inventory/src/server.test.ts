import { describe, expect, test } from "bun:test";
import { renderers, renderStock, renderToStream, renderToString, type StockData } from "./server";

const low: StockData = {
  sku: "CL-01-GR",
  available: 3,
  status: "low",
  stores: [
    { storeId: "store-hamburg", available: 2, status: "low" },
    { storeId: "store-munich", available: 1, status: "low" },
    { storeId: "store-vienna", available: 0, status: "sold-out" },
  ],
};

describe("renderStock", () => {
  test("3 left - says 'Only 3 left', with each store in a details/summary disclosure", async () => {
    const html = await renderToString(renderStock(low));
    expect(html).toContain("<inventory-stock");
    expect(html).toContain('data-boundary="inventory/stock"');
    expect(html).toContain('shadowrootmode="open"');
    expect(html).toContain("Only 3 left");
    expect(html).toMatch(/<details>\s*<summary>Availability in our stores<\/summary>/);
    expect(html).toMatch(/Hamburg(<!--\/lit-part-->)?<\/span><span>(<!--lit-part-->)?Only 2 left/);
    expect(html).toMatch(/Vienna(<!--\/lit-part-->)?<\/span><span>(<!--lit-part-->)?Sold out/);
  });

  test("plenty - says 'In stock' and each store's count", async () => {
    const html = await renderToString(
      renderStock({
        sku: "A-1",
        available: 14,
        status: "in-stock",
        stores: [{ storeId: "store-berlin", available: 14, status: "in-stock" }],
      }),
    );
    expect(html).toContain("In stock");
    expect(html).toContain("14 available");
  });

  test("none anywhere - says 'Sold out'", async () => {
    const html = await renderToString(
      renderStock({ sku: "A-1", available: 0, status: "sold-out", stores: [] }),
    );
    expect(html).toContain("Sold out");
    expect(html).not.toContain("<details>");
  });

  test("the status colour - is decoration only, hidden from assistive technology", async () => {
    expect(await renderToString(renderStock(low))).toContain('<span class="dot" aria-hidden="true"></span>');
  });

  test("streaming - gives the same markup as rendering to a string", async () => {
    expect(await new Response(renderToStream(renderStock(low))).text()).toBe(
      await renderToString(renderStock(low)),
    );
  });
});

describe("renderers", () => {
  test("stock - JSON data in, the same badge as renderStock out", async () => {
    const data = JSON.parse(JSON.stringify(low)) as StockData;
    expect(Object.keys(renderers)).toEqual(["stock"]);
    expect(await renderToString(renderers.stock(data))).toBe(await renderToString(renderStock(low)));
  });
});
