/** Test data: catalog events as the catalog publishes them, for a small catalogue of 6 categories. */
import type { BusMessage } from "@tessera/chassis/bus";
import { PRODUCT_CHANGED, type ProductChangedV1 } from "@tessera/contracts/events";

const CATEGORIES: [string, string, string][] = [
  ["classic", "Classic tractors", "CL"],
  ["autonomous", "Autonomous tractors", "AU"],
  ["compact", "Compact tractors", "CO"],
  ["utility", "Utility tractors", "UT"],
  ["heavy-duty", "Heavy-duty tractors", "HD"],
  ["electric", "Electric tractors", "EL"],
];

/** Two products per category; the first has two colours at different prices. */
export function catalogEvents(): ProductChangedV1[] {
  return CATEGORIES.flatMap(([category, categoryName, code]) =>
    [1, 2].flatMap((n) => {
      const productId = `TR-${code}-00${n}`;
      const productName = `${categoryName.split(" ")[0]} Model ${n}`;
      const colours: [string, string, string, number][] =
        n === 1
          ? [
              ["GR", "#2f7d32", "Meadow Green", 1_000_000 * n],
              ["RD", "#b3261e", "Barn Red", 1_100_000 * n],
            ]
          : [["BL", "#1f3a6d", "Midnight Blue", 2_000_000]];
      return colours.map(([c, color, colorName, amount]) => ({
        type: "ProductChanged" as const,
        version: 1 as const,
        sku: `${code}-0${n}-${c}`,
        productId,
        name: `${productName} — ${colorName}`,
        description: `The ${productName}.`,
        category,
        price: { amount, currency: "EUR" },
        image: `/api/catalog/images/${code}-0${n}-${c}.v2.svg`,
        changedAt: "2026-01-01T00:00:00.000Z",
        productName,
        categoryName,
        color,
        colorName,
      }));
    }),
  );
}

/** An event as a bus message. */
export function asMessage(event: ProductChangedV1, id = `e-${event.sku}`): BusMessage {
  return { id, subject: PRODUCT_CHANGED, data: event, headers: {}, deliveryCount: 1 };
}
