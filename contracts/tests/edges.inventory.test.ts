/**
 * The edge inventory is generated from the code (`bun contracts/edges/generate.ts`): this test
 * scans again and fails when the committed `edges/inventory.json` differs (code added, removed
 * or moved an edge, or a contract appeared or vanished) or when an edge has no contract.
 * Runs after the consumer tests, whose pacts it reads.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { INVENTORY_FILE, renderInventory } from "../edges/generate.ts";
import { browserCalls, type Edge, formProxies, scanEdges, uncovered } from "../edges/scan.ts";

describe("edge inventory", () => {
  const edges = scanEdges();

  test("inventory - scanned again - equals the committed contracts/edges/inventory.json", () => {
    expect(existsSync(INVENTORY_FILE)).toBe(true);
    // Compared as data: a formatter may lay the committed file out differently.
    const committed = JSON.parse(readFileSync(INVENTORY_FILE, "utf8")) as { edges: Edge[] };
    const current = JSON.parse(renderInventory()) as { edges: Edge[] };
    const text = (e: Edge) => JSON.stringify(e);
    const before = new Set(committed.edges.map(text));
    const now = new Set(current.edges.map(text));
    const added = current.edges.filter((e) => !before.has(text(e))).map((e) => e.id);
    const gone = committed.edges.filter((e) => !now.has(text(e))).map((e) => e.id);
    if (added.length > 0 || gone.length > 0)
      throw new Error(
        `contracts/edges/inventory.json is out of date (new or changed: ${added.join(", ") || "none"}; gone or changed: ${gone.join(", ") || "none"}): run bun contracts/edges/generate.ts`,
      );
  });

  test("inventory - every edge the code creates - has a contract", () => {
    const missing = uncovered(edges).map((e) => `${e.id} (found in ${e.found.join(", ")})`);
    expect(missing).toEqual([]);
  });

  test("inventory - an edge added without a pact - is reported as uncovered", () => {
    const added: Edge = {
      id: "fragment:composer->payments:payments/receipt",
      type: "fragment",
      consumer: "composer",
      provider: "payments",
      what: "payments/receipt",
      found: ["composer/pages/layout.ts"],
      contract: null,
    };
    expect(uncovered([...edges, added]).map((e) => e.id)).toEqual([added.id]);
  });

  test("inventory - the code's edges - include every kind and the known cross-team edges", () => {
    const ids = new Set(edges.map((e) => e.id));
    for (const id of [
      "fragment:composer->explore:explore/header",
      "fragment:catalog->checkout:checkout/add-to-cart",
      "fragment:checkout->payments:payments/payment-method",
      "http:identity->checkout:GET /api/orders",
      "http:composer->catalog:GET /fragments/manifest.json",
      "message:inventory->checkout:inventory.reserve-stock",
      "message:checkout->payments:payments.payment-declined",
      "message:checkout->inventory:inventory.stock-changed",
      "dom:checkout->checkout:checkout:cart-updated",
      "http:checkout-web->checkout:POST /checkout/cart/add",
      "http:checkout-web->checkout:POST /checkout/place-order",
      "http:identity-web->identity:POST /account/login",
    ])
      expect(ids.has(id)).toBe(true);
  });

  test("browser calls - a component's fetch through the gateway and its post form - found as the service sees them", () => {
    const source = `
      const answer = await fetch(\`/api/catalog/products/\${encodeURIComponent(this.sku)}?view=quick\`, {
        headers: { accept: "application/json" },
      });
      await fetch("/api/checkout/cart/lines", { method: "DELETE", credentials: "same-origin" });
      html\`<form method="post" action="/account/login">\`;
      html\`<form method="get" action="/search">\`;`;
    expect(browserCalls(source, formProxies())).toEqual([
      { provider: "identity", method: "POST", path: "/account/login" },
      { provider: "catalog", method: "GET", path: "/api/products/{sku}" },
      { provider: "checkout", method: "DELETE", path: "/api/cart/lines" },
    ]);
  });
});
