import { describe, expect, test } from "bun:test";
import { allocate, describeShortages, quantitiesBySku, type Shelf } from "./allocate.ts";

const shelves: Shelf[] = [
  { sku: "A-1", storeId: "store-berlin", available: 2 },
  { sku: "A-1", storeId: "store-hamburg", available: 4 },
  { sku: "A-1", storeId: "store-munich", available: 0 },
  { sku: "B-2", storeId: "store-hamburg", available: 1 },
];

describe("allocate", () => {
  test("a given store with enough - takes every unit from that store", () => {
    expect(allocate(new Map([["A-1", 2]]), shelves, "store-berlin")).toEqual({
      ok: true,
      allocations: [{ sku: "A-1", storeId: "store-berlin", quantity: 2 }],
    });
  });

  test("a given store short while others have plenty - falls short, never takes from elsewhere", () => {
    expect(allocate(new Map([["A-1", 3]]), shelves, "store-berlin")).toEqual({
      ok: false,
      shortages: [{ sku: "A-1", wanted: 3, available: 2 }],
    });
  });

  test("no store given - takes from the fullest store first and splits when one is not enough", () => {
    expect(allocate(new Map([["A-1", 5]]), shelves)).toEqual({
      ok: true,
      allocations: [
        { sku: "A-1", storeId: "store-hamburg", quantity: 4 },
        { sku: "A-1", storeId: "store-berlin", quantity: 1 },
      ],
    });
  });

  test("one line short among several - reports only that sku and allocates nothing", () => {
    const result = allocate(
      new Map([
        ["A-1", 1],
        ["B-2", 2],
        ["C-3", 1],
      ]),
      shelves,
    );
    expect(result).toEqual({
      ok: false,
      shortages: [
        { sku: "B-2", wanted: 2, available: 1 },
        { sku: "C-3", wanted: 1, available: 0 },
      ],
    });
  });
});

describe("quantitiesBySku", () => {
  test("lines repeating a sku - are added up", () => {
    expect(
      quantitiesBySku([
        { sku: "A-1", quantity: 1 },
        { sku: "B-2", quantity: 1 },
        { sku: "A-1", quantity: 2 },
      ]),
    ).toEqual(
      new Map([
        ["A-1", 3],
        ["B-2", 1],
      ]),
    );
  });
});

describe("describeShortages", () => {
  test("a sold-out sku and a short one - says which is sold out and how many of the other are left", () => {
    expect(
      describeShortages(
        [
          { sku: "C-3", wanted: 1, available: 0 },
          { sku: "B-2", wanted: 2, available: 1 },
        ],
        "store-hamburg",
      ),
    ).toBe("C-3 is sold out at store-hamburg. Only 1 of B-2 left at store-hamburg (2 wanted).");
  });
});
