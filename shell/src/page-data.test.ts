import { describe, expect, test } from "bun:test";
import { mergeFederationData, parseFederationData } from "./page-data";

const remote = { name: "tessera_checkout", alias: "checkout", entry: "/_assets/checkout/mf-manifest.json" };
const SRI = "sha384-Roigep2dYCJcAN/Ld7FgsWzluVudVz8vEdRsIqowPkPzzaYFy1qokLmzShG1KSaj";

describe("parseFederationData()", () => {
  test("remotes with integrity and components - parsed as given", () => {
    const data = {
      remotes: [{ ...remote, integrity: { "remoteEntry.js": SRI } }],
      components: { "checkout-mini-cart": "checkout/mini-cart" },
    };
    expect(parseFederationData(JSON.stringify(data), "#x")).toEqual(data);
  });

  test("a remote without integrity - accepted (the shell then creates its scripts as usual)", () => {
    expect(parseFederationData(JSON.stringify({ remotes: [remote], components: {} }), "#x").remotes).toEqual([
      remote,
    ]);
  });

  test("an integrity value that is not an SRI hash - throws naming the script", () => {
    const data = { remotes: [{ ...remote, integrity: { "remoteEntry.js": "md5-abc" } }], components: {} };
    expect(() => parseFederationData(JSON.stringify(data), "#tessera-federation")).toThrow(
      /#tessera-federation: "remotes"/,
    );
  });

  test("components that are not strings - throws", () => {
    expect(() => parseFederationData('{"remotes":[],"components":{"a-b":1}}', "#x")).toThrow(/"components"/);
  });

  test("not JSON - throws", () => {
    expect(() => parseFederationData("<html>", "#x")).toThrow();
  });
});

describe("mergeFederationData()", () => {
  test("a second script - adds only remotes not listed yet, and returns them", () => {
    const into = { remotes: [remote], components: { "checkout-mini-cart": "checkout/mini-cart" } };
    const catalog = { name: "tessera_catalog", alias: "catalog", entry: "/_assets/catalog/mf-manifest.json" };
    const added = mergeFederationData(into, {
      remotes: [remote, catalog],
      components: { "catalog-product-card": "catalog/product-card" },
    });
    expect(added).toEqual([catalog]);
    expect(into.remotes.map((r) => r.name)).toEqual(["tessera_checkout", "tessera_catalog"]);
    expect(Object.keys(into.components)).toEqual(["checkout-mini-cart", "catalog-product-card"]);
  });
});
