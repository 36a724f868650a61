import { describe, expect, test } from "bun:test";
import { type ProductPageData, renderProductPage } from "./product-page";

const data: ProductPageData = {
  id: "TR-1",
  name: `Big <Red> & "Co"`,
  description: "A <b>bold</b> claim.",
  category: { id: "classic", name: "Classic tractors" },
  spec: [{ label: "Power", value: "<40 hp" }],
  sku: "T-1-RD",
  variants: [
    {
      sku: "T-1-GR",
      name: "Big — Green",
      color: "#00aa00",
      colorName: "Green",
      price: 100,
      currency: "EUR",
      image: "/g.svg",
    },
    {
      sku: "T-1-RD",
      name: "Big — Red",
      color: "red;background:url(x)",
      colorName: "Red",
      price: 12_345,
      currency: "EUR",
      image: "/r.svg",
    },
  ],
};

describe("renderProductPage", () => {
  test("text from the catalogue - is escaped everywhere, in text and attributes", () => {
    const html = renderProductPage(data);
    expect(html).toContain("<h1>Big &lt;Red&gt; &amp; &quot;Co&quot;</h1>");
    expect(html).toContain("A &lt;b&gt;bold&lt;/b&gt; claim.");
    expect(html).toContain("<td>&lt;40 hp</td>");
    expect(html).not.toContain("<b>bold</b>");
  });

  test("a colour that is not a hex colour - is drawn grey, never injected into the markup", () => {
    const html = renderProductPage(data);
    expect(html).not.toContain("url(x)");
    expect(html).toContain('fill="#888888"');
    expect(html).toContain('fill="#00aa00"');
  });

  test("the current variant - sets the picture, price and the aria-current link", () => {
    const html = renderProductPage(data);
    expect(html).toContain('src="/r.svg"');
    expect(html).toContain("€123.45");
    expect(html).toContain('<a href="/product/TR-1?sku=T-1-RD" aria-current="page">');
    expect(html.match(/aria-current="page">/g)).toHaveLength(2); // the breadcrumb's last item and the variant
  });

  test("a product with one variant - shows no picker", () => {
    const html = renderProductPage({ ...data, sku: "T-1-GR", variants: data.variants.slice(0, 1) });
    expect(html).not.toContain('catalog-pp-picker"');
    expect(html).toContain('data-sku="T-1-GR"');
  });
});
