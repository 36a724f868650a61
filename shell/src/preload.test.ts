import { describe, expect, test } from "bun:test";
import { scriptsOf } from "./preload";

const BASE = "https://shop.example/product/TR-1?sku=X";
const A = "sha384-Roigep2dYCJcAN/Ld7FgsWzluVudVz8vEdRsIqowPkPzzaYFy1qokLmzShG1KSaj";
const B = "sha384-6B58TNmwpORGRRYJJ53DxZpH5krL496Lx6h5QaoHC70UKvFtOCZ9p6B/PRrPDINJ";
const C = "sha384-n9vqdSDT+/MM2j1I/jPMZxLgxM8Y/ZAsvgBanXtLMmvAP9PPdPC1inpSsyZ9yPbn";
const checkout = {
  name: "tessera_checkout",
  alias: "checkout",
  entry: "/_assets/checkout/releases/1.2.0/mf-manifest.json?v=1",
  integrity: {
    "remoteEntry.js": A,
    "__federation_expose_mini_cart.bdb632f1.js": B,
    "__federation_expose_mini_cart_popover.cf615aaf.js": C,
    "310.f0c5c794.js": C,
  },
};

describe("scriptsOf() (what the shell preloads for a module)", () => {
  test("an expose - the remote's entry and that expose's chunk (not a longer expose's), absolute, with their hashes", () => {
    expect(scriptsOf(checkout, "mini-cart", BASE)).toEqual([
      { href: "https://shop.example/_assets/checkout/releases/1.2.0/remoteEntry.js", integrity: A },
      {
        href: "https://shop.example/_assets/checkout/releases/1.2.0/__federation_expose_mini_cart.bdb632f1.js",
        integrity: B,
      },
    ]);
    expect(scriptsOf(checkout, "mini-cart-popover", BASE).map((s) => s.integrity)).toEqual([A, C]);
  });

  test("a remote without hashes - nothing (a preload without the hash would not match the script)", () => {
    const remote = { name: "tessera_catalog", alias: "catalog", entry: "/_assets/catalog/mf-manifest.json" };
    expect(scriptsOf(remote, "product-card", BASE)).toEqual([]);
  });
});
