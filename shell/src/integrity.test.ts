import { describe, expect, test } from "bun:test";
import { integrityFor, remoteBase } from "./integrity";

const BASE = "https://shop.example/product/TR-1?sku=X";
const checkout = {
  name: "tessera_checkout",
  alias: "checkout",
  entry: "/_assets/checkout/mf-manifest.json",
  integrity: { "remoteEntry.js": "sha384-entry", "__federation_expose_mini_cart.abc.js": "sha384-chunk" },
};
const catalog = { name: "tessera_catalog", alias: "catalog", entry: "/_assets/catalog/mf-manifest.json" };

describe("integrityFor()", () => {
  test("a remote's entry script - its hash, by path relative to the manifest's directory", () => {
    expect(
      integrityFor("https://shop.example/_assets/checkout/remoteEntry.js", [catalog, checkout], BASE),
    ).toEqual({
      remote: checkout,
      file: "remoteEntry.js",
      integrity: "sha384-entry",
    });
  });

  test("a chunk with a query string - matched without it", () => {
    expect(
      integrityFor("/_assets/checkout/__federation_expose_mini_cart.abc.js?v=1", [checkout], BASE)?.integrity,
    ).toBe("sha384-chunk");
  });

  test("a script of that remote the page lists no hash for - matched, with no integrity (to be refused)", () => {
    expect(integrityFor("/_assets/checkout/evil.js", [checkout], BASE)).toEqual({
      remote: checkout,
      file: "evil.js",
      integrity: undefined,
    });
  });

  test("a script of a remote without hashes, or of no remote - undefined", () => {
    expect(integrityFor("/_assets/catalog/remoteEntry.js", [catalog, checkout], BASE)).toBeUndefined();
    expect(integrityFor("https://cdn.example/x.js", [checkout], BASE)).toBeUndefined();
  });

  test("a sibling directory with the same prefix - not the remote's", () => {
    expect(integrityFor("/_assets/checkout-v2/remoteEntry.js", [checkout], BASE)).toBeUndefined();
  });
});

describe("remoteBase()", () => {
  test("an entry with a version query - the directory, absolute", () => {
    expect(remoteBase({ ...catalog, entry: "/_assets/catalog@1.2.0/mf-manifest.json?x=1" }, BASE)).toBe(
      "https://shop.example/_assets/catalog@1.2.0/",
    );
  });
});
