import { describe, expect, test } from "bun:test";
import { STORE_IDS } from "@tessera/contracts/reference/stores";
import { stockStatus } from "../stock/status.ts";
import { stockPlan } from "./seed.ts";

const total = (sku: string) => Object.values(stockPlan(sku)).reduce((a, b) => a + b, 0);
const skus = Array.from(
  { length: 60 },
  (_, i) => `TR-${String(i).padStart(2, "0")}-${["GR", "RD", "BL"][i % 3]}`,
);

describe("stockPlan", () => {
  test("the same sku - always gets the same stock in the same stores", () => {
    for (const sku of skus) expect(stockPlan(sku)).toEqual(stockPlan(sku));
  });

  test("any sku - has a non-negative whole number of units in each of the five stores", () => {
    for (const sku of skus) {
      const plan = stockPlan(sku);
      expect(Object.keys(plan).sort()).toEqual([...STORE_IDS].sort());
      for (const units of Object.values(plan)) expect(Number.isInteger(units) && units >= 0).toBe(true);
    }
  });

  test("a catalogue of skus - shows all three states, most of it in stock", () => {
    const states = skus.map((sku) => stockStatus(total(sku)));
    expect(states).toContain("sold-out");
    expect(states).toContain("low");
    expect(states.filter((s) => s === "in-stock").length).toBeGreaterThan(skus.length / 2);
  });
});
