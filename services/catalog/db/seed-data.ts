/** The catalogue the catalog seeds at first start. */

export interface SeedProduct {
  id: string;
  name: string;
  description: string;
  category: string;
  variants: { sku: string; name: string; color: string; priceCents: number }[];
}

export const SEED_PRODUCTS: SeedProduct[] = [
  {
    id: "TR-CL-001",
    name: "Heritage Workhorse",
    description:
      "A faithful 1950s utility tractor: 38 hp petrol engine, four forward gears, a seat that forgives.",
    category: "classic",
    variants: [
      { sku: "CL-01-GR", name: "Heritage Workhorse — Meadow Green", color: "#2f7d32", priceCents: 5_890_000 },
      { sku: "CL-01-RD", name: "Heritage Workhorse — Barn Red", color: "#b3261e", priceCents: 5_990_000 },
    ],
  },
  {
    id: "TR-AU-001",
    name: "FieldPilot A1",
    description:
      "An autonomous compact tractor that plans its own rows, charges itself and reports to your phone.",
    category: "autonomous",
    variants: [
      { sku: "AU-01-SI", name: "FieldPilot A1 — Silver", color: "#7a8088", priceCents: 12_450_000 },
      { sku: "AU-01-BL", name: "FieldPilot A1 — Midnight Blue", color: "#1f3a6d", priceCents: 12_650_000 },
    ],
  },
  {
    id: "TR-CO-001",
    name: "Orchard Compact 25",
    description:
      "Narrow, nimble and frugal: 25 hp diesel, 1.1 m track width, made for vineyards and orchards.",
    category: "compact",
    variants: [
      { sku: "CO-25-OR", name: "Orchard Compact 25 — Orange", color: "#e0661b", priceCents: 2_390_000 },
    ],
  },
];
