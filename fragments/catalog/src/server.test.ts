import { describe, expect, test } from "bun:test";
import {
  type ProductCardData,
  type RenderResult,
  renderProductCard,
  renderToStream,
  renderToString,
} from "./server";

const product: ProductCardData = {
  sku: "SKU-1",
  name: `Trail <Runner> & "Co"`,
  description: "Light shoe.",
  price: 12999,
  currency: "EUR",
  image: "/img/shoe.jpg",
};

const streamText = (result: RenderResult) => new Response(renderToStream(result)).text();

describe("renderProductCard", () => {
  test("renders the card as declarative shadow DOM, data in attributes", async () => {
    const html = await renderToString(renderProductCard(product));
    expect(html).toContain(`<catalog-product-card`);
    expect(html).toContain(`data-boundary="catalog/product-card"`);
    expect(html).toContain(`sku="SKU-1"`);
    expect(html).toContain(`price="12999"`);
    expect(html).toContain(`<template shadowroot="open" shadowrootmode="open">`);
    expect(html).toContain("€129.99");
    expect(html).toContain("Trail &lt;Runner&gt; &amp; &quot;Co&quot;");
    expect(html.match(/<button/g)).toHaveLength(2);
  });

  test("the Quick view button - rendered hidden: without JavaScript it could do nothing", async () => {
    const html = await renderToString(renderProductCard(product));
    const quickView = html.slice(html.lastIndexOf("<button"), html.lastIndexOf("</button>"));
    expect(quickView).toContain("Quick view");
    expect(quickView).toMatch(/\shidden[\s>]/);
  });

  test("streams the same markup as renderToString", async () => {
    expect(await streamText(renderProductCard(product))).toBe(
      await renderToString(renderProductCard(product)),
    );
  });
});

describe("renderToStream", () => {
  test("walks nested iterables and awaits promises in order", async () => {
    const later = <T>(value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), 1));
    const result = ["a", later(["b", later(["c"])]), ["d", ["e"]], "f"] as unknown as RenderResult;
    expect(await streamText(result)).toBe("abcdef");
  });

  test("flushes rendered text before waiting on a promise", async () => {
    let resolve!: (value: RenderResult) => void;
    const result = ["head", new Promise<RenderResult>((r) => (resolve = r))] as RenderResult;
    const reader = renderToStream(result).getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe("head");
    resolve(["tail"]);
    expect(new TextDecoder().decode((await reader.read()).value)).toBe("tail");
    expect((await reader.read()).done).toBe(true);
  });

  test("errors the stream on a value lit never yields", async () => {
    await expect(streamText([42] as unknown as RenderResult)).rejects.toThrow("Unexpected value");
  });
});
