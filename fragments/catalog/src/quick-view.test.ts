import { describe, expect, test } from "bun:test";
import { fetchProduct } from "./quick-view";

describe("fetchProduct() (the quick view's data)", () => {
  test("a sku - asks the gateway for that variant, escaped, as JSON", async () => {
    const urls: string[] = [];
    const fetcher = (async (url: string) => {
      urls.push(url);
      return Response.json({ sku: "CL-01-GR", productName: "Heritage Workhorse" });
    }) as typeof fetch;
    expect((await fetchProduct("CL-01-GR", fetcher)).productName).toBe("Heritage Workhorse");
    await fetchProduct("a/b", fetcher);
    expect(urls).toEqual(["/api/catalog/products/CL-01-GR", "/api/catalog/products/a%2Fb"]);
  });

  test("an unknown sku - throws naming the call and the status", async () => {
    const fetcher = (async () => new Response("{}", { status: 404 })) as unknown as typeof fetch;
    await expect(fetchProduct("NOPE", fetcher)).rejects.toThrow(
      "GET /api/catalog/products/NOPE answered 404",
    );
  });
});
