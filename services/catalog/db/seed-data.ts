/**
 * The catalogue the catalog seeds at first start: six categories of tractors, 42 products, each
 * with one to three colour variants (own SKU, own price) and a spec table. The SKUs of the first
 * catalogue (CL-01-GR, CL-01-RD, AU-01-SI, AU-01-BL, CO-25-OR) keep their products and prices.
 */
import type { SpecRow } from "./schema.ts";

export interface SeedCategory {
  id: string;
  name: string;
  description: string;
}

export interface SeedVariant {
  sku: string;
  name: string;
  color: string;
  colorName: string;
  priceCents: number;
}

export interface SeedProduct {
  id: string;
  name: string;
  description: string;
  category: string;
  spec: SpecRow[];
  variants: SeedVariant[];
}

export const SEED_CATEGORIES: SeedCategory[] = [
  {
    id: "classic",
    name: "Classic tractors",
    description: "Restored and rebuilt icons from the golden age of farming, with a modern warranty.",
  },
  {
    id: "autonomous",
    name: "Autonomous tractors",
    description:
      "Self-driving machines that plan their rows, work through the night and report to your phone.",
  },
  {
    id: "compact",
    name: "Compact tractors",
    description: "Small and nimble: for orchards, vineyards, estates and smallholdings.",
  },
  {
    id: "utility",
    name: "Utility tractors",
    description: "The all-rounders of the mixed farm: loader-ready, PTO-equipped and comfortable all day.",
  },
  {
    id: "heavy-duty",
    name: "Heavy-duty tractors",
    description: "Articulated and tracked power for the biggest fields and the heaviest implements.",
  },
  {
    id: "electric",
    name: "Electric tractors",
    description: "Quiet, zero-emission tractors that charge from the farm's own solar roof.",
  },
];

/** Colour codes used in SKUs: hex colour and name. */
const COLORS = {
  GR: ["#2f7d32", "Meadow Green"],
  RD: ["#b3261e", "Barn Red"],
  SI: ["#7a8088", "Silver"],
  BL: ["#1f3a6d", "Midnight Blue"],
  OR: ["#e0661b", "Orange"],
  YE: ["#d89b00", "Harvest Yellow"],
  BK: ["#2d2f33", "Graphite"],
  GY: ["#8e8f86", "Field Grey"],
  TE: ["#12706f", "Teal"],
  OL: ["#5b6b2e", "Olive"],
  WH: ["#d8dcdf", "Frost White"],
  SK: ["#2f6fb5", "Sky Blue"],
} as const satisfies Record<string, readonly [string, string]>;
type ColorCode = keyof typeof COLORS;

/** Per category: the SKU prefix, top speed, transmission and drive, filled into each spec. */
const CATEGORY_SPEC: Record<string, { code: string; speed: string; transmission: string; drive: string }> = {
  classic: { code: "CL", speed: "25 km/h", transmission: "4F/1R manual", drive: "2WD" },
  autonomous: {
    code: "AU",
    speed: "15 km/h (autonomous), 30 km/h (remote)",
    transmission: "Electric hub motors",
    drive: "4WD",
  },
  compact: { code: "CO", speed: "28 km/h", transmission: "Hydrostatic, 3 ranges", drive: "4WD, selectable" },
  utility: { code: "UT", speed: "40 km/h", transmission: "24F/24R powershift", drive: "4WD" },
  "heavy-duty": {
    code: "HD",
    speed: "40 km/h",
    transmission: "CVT, infinitely variable",
    drive: "Articulated 4WD",
  },
  electric: { code: "EL", speed: "40 km/h", transmission: "Single-speed, electric", drive: "4WD" },
};

/**
 * One product: [number, name, engine, hp, weight kg, tank or battery, base price €, colours, description].
 * The first colour is the default variant; each further colour costs a little more.
 */
type Row = [string, string, string, number, number, string, number, ColorCode[], string];

const ROWS: Record<string, Row[]> = {
  classic: [
    [
      "01",
      "Heritage Workhorse",
      "4-cylinder petrol, 2.2 l",
      38,
      1_650,
      "Fuel tank 45 l",
      58_900,
      ["GR", "RD"],
      "A faithful 1950s utility tractor: 38 hp petrol engine, four forward gears, a seat that forgives.",
    ],
    [
      "02",
      "Prairie King 55",
      "4-cylinder diesel, 3.4 l",
      55,
      2_900,
      "Fuel tank 90 l",
      64_500,
      ["YE", "GR"],
      "The 1962 row-crop favourite, rebuilt bolt by bolt with a new clutch, new wiring and the old roar.",
    ],
    [
      "03",
      "Little Grey 24",
      "4-cylinder petrol, 2.0 l",
      24,
      1_120,
      "Fuel tank 36 l",
      21_900,
      ["GY", "RD"],
      "The small grey tractor that mechanised Europe. Three-point linkage, easy to start, impossible to dislike.",
    ],
    [
      "04",
      "Hotbulb Bulldog 45",
      "Single-cylinder hot-bulb, 10.3 l",
      45,
      3_300,
      "Fuel tank 95 l",
      72_000,
      ["BL", "GR"],
      "The legendary single-cylinder thumper, started with a blowtorch and a steering wheel. Heard from the next village.",
    ],
    [
      "05",
      "Field Marshal III",
      "Single-cylinder two-stroke diesel",
      40,
      3_000,
      "Fuel tank 82 l",
      49_800,
      ["OR"],
      "A two-stroke workhorse from 1953 with a cartridge starter and a famously steady pull at the drawbar.",
    ],
    [
      "06",
      "Orchard Belle 30",
      "3-cylinder diesel, 1.8 l",
      30,
      1_400,
      "Fuel tank 40 l",
      26_400,
      ["RD", "OL"],
      "A narrow-track classic built for apple rows, with low fenders that slip under branches.",
    ],
    [
      "07",
      "Homestead Model B",
      "2-cylinder petrol, 3.1 l",
      27,
      1_900,
      "Fuel tank 55 l",
      33_700,
      ["GR", "YE", "RD"],
      "The two-cylinder 'Johnny Popper' of the family farm, with hand clutch and adjustable wheel tread.",
    ],
  ],
  autonomous: [
    [
      "01",
      "FieldPilot A1",
      "Electric, 2 × 30 kW motors",
      80,
      2_400,
      "Battery 90 kWh",
      124_500,
      ["SI", "BL"],
      "An autonomous compact tractor that plans its own rows, charges itself and reports to your phone.",
    ],
    [
      "02",
      "FieldPilot A2 Pro",
      "Electric, 4 × 30 kW motors",
      160,
      4_100,
      "Battery 180 kWh",
      198_000,
      ["SI", "BK"],
      "The bigger FieldPilot: RTK-GPS to 2 cm, obstacle lidar on all sides and a 24-hour working day.",
    ],
    [
      "03",
      "RowBot Swarm Unit",
      "Electric, 4 × 5 kW hub motors",
      27,
      650,
      "Battery 24 kWh",
      39_900,
      ["OR", "WH"],
      "One robot of a swarm: light enough not to compact the soil, clever enough to share the field with its siblings.",
    ],
    [
      "04",
      "Sentinel Sprayer X",
      "Diesel-electric hybrid, 2.0 l",
      95,
      3_200,
      "Fuel tank 120 l, battery 30 kWh",
      156_000,
      ["WH", "GR"],
      "Camera-guided spot spraying: it treats the weed, not the field, and cuts herbicide use by up to 80 %.",
    ],
    [
      "05",
      "Harvest Mind H7",
      "Electric, 2 × 60 kW motors",
      160,
      5_600,
      "Battery 220 kWh",
      231_000,
      ["SI"],
      "A driverless tractor that follows your combine at the exact pace of the harvest, unloading on the move.",
    ],
    [
      "06",
      "NightShift Tiller",
      "Electric, 2 × 20 kW motors",
      54,
      1_800,
      "Battery 70 kWh",
      88_500,
      ["BK", "BL"],
      "Works the night through with infrared vision, so your soil is tilled by the time you have coffee.",
    ],
    [
      "07",
      "Vinebot V3",
      "Electric, 4 × 8 kW hub motors",
      43,
      980,
      "Battery 40 kWh",
      74_200,
      ["TE", "WH"],
      "Straddles the vine row, mows, trims and counts the grapes, and knows every stock by its GPS position.",
    ],
  ],
  compact: [
    [
      "25",
      "Orchard Compact 25",
      "3-cylinder diesel, 1.1 l",
      25,
      980,
      "Fuel tank 28 l",
      23_900,
      ["OR"],
      "Narrow, nimble and frugal: 25 hp diesel, 1.1 m track width, made for vineyards and orchards.",
    ],
    [
      "02",
      "Garden Star 18",
      "2-cylinder diesel, 0.8 l",
      18,
      690,
      "Fuel tank 18 l",
      14_900,
      ["GR", "RD"],
      "The estate tractor that mows, blows and snow-ploughs, and still fits through a garden gate.",
    ],
    [
      "03",
      "Estate Master 35",
      "3-cylinder diesel, 1.5 l",
      35,
      1_250,
      "Fuel tank 35 l",
      29_800,
      ["BL", "GR", "BK"],
      "Enough power for a front loader and a flail mower, with a roll bar that folds for the shed.",
    ],
    [
      "04",
      "Vineyard Slim 40",
      "4-cylinder diesel, 2.2 l",
      40,
      1_700,
      "Fuel tank 45 l",
      36_500,
      ["RD", "YE"],
      "Only 1.0 m wide over the tyres: turns inside the headland and sprays both sides of the row.",
    ],
    [
      "05",
      "Smallholder 28 HST",
      "3-cylinder diesel, 1.3 l",
      28,
      1_050,
      "Fuel tank 30 l",
      24_700,
      ["GR", "OR"],
      "A two-pedal hydrostatic that anyone can drive, with a three-point hitch for a real plough.",
    ],
    [
      "06",
      "Turf Pro 22",
      "3-cylinder diesel, 1.0 l",
      22,
      820,
      "Fuel tank 24 l",
      19_400,
      ["GR"],
      "Turf tyres, a mid-mount deck and a quiet engine: golf courses and parks love it.",
    ],
    [
      "07",
      "Hillside 45 4WD",
      "4-cylinder diesel, 2.4 l",
      45,
      1_900,
      "Fuel tank 50 l",
      41_200,
      ["RD", "SK"],
      "Low centre of gravity and reversible seat for slopes up to 30°, where bigger tractors stay at the bottom.",
    ],
  ],
  utility: [
    [
      "01",
      "Allrounder 95",
      "4-cylinder diesel, 4.5 l",
      95,
      4_300,
      "Fuel tank 150 l",
      79_900,
      ["GR", "BL"],
      "The tractor for every job on the mixed farm, with a loader frame and a four-speed PTO.",
    ],
    [
      "02",
      "Dairyman 110",
      "4-cylinder diesel, 4.5 l",
      110,
      4_800,
      "Fuel tank 170 l",
      92_400,
      ["RD", "GR"],
      "Feeds, scrapes, bales and wraps: a loader-ready cab tractor with joystick shuttle.",
    ],
    [
      "03",
      "Loader Ace 85",
      "4-cylinder diesel, 3.6 l",
      85,
      3_900,
      "Fuel tank 125 l",
      71_500,
      ["YE", "OR"],
      "Comes with a 2 t front loader, a bucket and pallet forks: the yard's best friend.",
    ],
    [
      "04",
      "Mixed Farm 120",
      "6-cylinder diesel, 6.1 l",
      120,
      5_400,
      "Fuel tank 210 l",
      104_000,
      ["GR", "SK", "RD"],
      "A six-cylinder with long legs for road work and a quiet cab for long days in the field.",
    ],
    [
      "05",
      "Contractor 140",
      "6-cylinder diesel, 6.8 l",
      140,
      6_100,
      "Fuel tank 270 l",
      129_500,
      ["RD", "BK"],
      "Built for contractors: 50 km/h suspension, ISOBUS, and a cab you can live in during harvest.",
    ],
    [
      "06",
      "Forage Master 130",
      "6-cylinder diesel, 6.1 l",
      130,
      5_800,
      "Fuel tank 240 l",
      118_800,
      ["GR"],
      "Front PTO and linkage for mower combinations: cuts 9 m in one pass.",
    ],
    [
      "07",
      "Hilltop 75",
      "4-cylinder diesel, 3.4 l",
      75,
      3_500,
      "Fuel tank 110 l",
      62_300,
      ["BL", "OR"],
      "A light utility tractor with a low bonnet for loader work and good manners on hill farms.",
    ],
  ],
  "heavy-duty": [
    [
      "01",
      "Titan 400 Articulated",
      "6-cylinder diesel, 12.9 l",
      400,
      19_800,
      "Fuel tank 1,000 l",
      398_000,
      ["RD", "YE"],
      "Articulated steering, four dual wheels and the torque to pull a 12 m cultivator all day.",
    ],
    [
      "02",
      "Goliath 620 Quadtrac",
      "6-cylinder diesel, 15.9 l",
      620,
      27_500,
      "Fuel tank 1,900 l",
      612_000,
      ["RD"],
      "Four rubber tracks spread its weight wider than a family car: the biggest tractor in the range.",
    ],
    [
      "03",
      "Plainsmaster 350",
      "6-cylinder diesel, 9.0 l",
      350,
      16_300,
      "Fuel tank 900 l",
      339_000,
      ["GR", "YE"],
      "A frame tractor for the wide plains, with auto-steer and a cab as quiet as a library.",
    ],
    [
      "04",
      "Ironhorse 500",
      "6-cylinder diesel, 12.4 l",
      500,
      22_600,
      "Fuel tank 1,300 l",
      489_000,
      ["BK", "RD"],
      "Five hundred horses on eight wheels, hydraulics that lift 9 t and a tank for a 24-hour shift.",
    ],
    [
      "05",
      "Steppe Runner 450",
      "V8 diesel, 14.9 l",
      450,
      21_000,
      "Fuel tank 1,200 l",
      425_000,
      ["OR", "SI"],
      "Built for sowing thousands of hectares: rock-solid, easy to service, with a V8 that never sulks.",
    ],
    [
      "06",
      "Big Bud Tribute 740",
      "V12 diesel, 24 l",
      740,
      43_000,
      "Fuel tank 3,800 l",
      865_000,
      ["YE"],
      "A tribute to the giant of the 1970s: the wheels are taller than a person and it moves a field by itself.",
    ],
    [
      "07",
      "Crawler C300",
      "6-cylinder diesel, 8.7 l",
      300,
      15_900,
      "Fuel tank 750 l",
      318_000,
      ["OL", "BK"],
      "Two steel-core rubber tracks give grip on wet clay where wheels would only dig themselves in.",
    ],
  ],
  electric: [
    [
      "01",
      "Volt 50",
      "Electric, 1 × 37 kW motor",
      50,
      2_100,
      "Battery 60 kWh",
      58_900,
      ["SK", "WH"],
      "A drop-in electric replacement for the 50 hp farm tractor: four hours of work, one hour to charge.",
    ],
    [
      "02",
      "Solaris 75",
      "Electric, 2 × 28 kW motors",
      75,
      3_100,
      "Battery 110 kWh",
      89_000,
      ["GR", "SK", "WH"],
      "Solar roof on the cab for the auxiliaries and a battery that powers your house in an outage.",
    ],
    [
      "03",
      "Silent Orchard E30",
      "Electric, 1 × 22 kW motor",
      30,
      1_300,
      "Battery 40 kWh",
      34_900,
      ["TE", "GR"],
      "Whisper-quiet between the trees: no exhaust under the canopy, no noise for the neighbours.",
    ],
    [
      "04",
      "Amp Utility 100",
      "Electric, 2 × 37 kW motors",
      100,
      4_400,
      "Battery 160 kWh",
      129_000,
      ["BL", "WH"],
      "Electric PTO and hydraulics, loader-ready, with a battery swap in ten minutes.",
    ],
    [
      "05",
      "Spark Compact 25",
      "Electric, 1 × 18 kW motor",
      25,
      900,
      "Battery 30 kWh",
      27_500,
      ["OR", "SK"],
      "The compact that plugs into an ordinary socket overnight and mows a park the next day.",
    ],
    [
      "06",
      "Greenfield E140",
      "Electric, 4 × 26 kW motors",
      140,
      6_300,
      "Battery 280 kWh",
      219_000,
      ["GR", "BK"],
      "The first full-size electric tractor for arable farms: eight hours of ploughing on one charge.",
    ],
    [
      "07",
      "Dynamo Hybrid 90",
      "Diesel-electric hybrid, 3.4 l",
      90,
      4_000,
      "Fuel tank 100 l, battery 25 kWh",
      94_500,
      ["TE", "RD"],
      "Diesel range with electric torque: the motor boosts the engine where the field gets heavy.",
    ],
  ],
};

/** Prices of the first catalogue, kept as they were (tests and contracts rely on them). */
const KEPT_PRICES: Record<string, number> = {
  "CL-01-GR": 5_890_000,
  "CL-01-RD": 5_990_000,
  "AU-01-SI": 12_450_000,
  "AU-01-BL": 12_650_000,
  "CO-25-OR": 2_390_000,
};

function spec(category: string, row: Row): SpecRow[] {
  const [, , engine, hp, kg, tank] = row;
  const meta = CATEGORY_SPEC[category];
  if (!meta) throw new Error(`no spec defaults for category "${category}"`);
  return [
    { label: "Engine", value: engine },
    { label: "Power", value: `${hp} hp (${Math.round(hp * 0.7355)} kW)` },
    { label: "Weight", value: `${kg.toLocaleString("en")} kg` },
    { label: "Drive", value: /Crawler|Quadtrac/.test(row[1]) ? "Rubber tracks" : meta.drive },
    { label: "Transmission", value: meta.transmission },
    { label: "Top speed", value: meta.speed },
    {
      label: /Battery/.test(tank) && !/Fuel/.test(tank) ? "Battery" : "Tank",
      value: tank.replace(/^(Fuel tank|Battery) /, ""),
    },
  ];
}

/** The `position`-th product (from 0) of a category; its id counts from TR-<code>-001. */
function product(category: string, row: Row, position: number): SeedProduct {
  const [number, name, , , , , basePrice, colors, description] = row;
  const code = CATEGORY_SPEC[category]?.code ?? "XX";
  return {
    id: `TR-${code}-${String(position + 1).padStart(3, "0")}`,
    name,
    description,
    category,
    spec: spec(category, row),
    variants: colors.map((color, i) => {
      const sku = `${code}-${number}-${color}`;
      const [hex, colorName] = COLORS[color];
      return {
        sku,
        name: `${name} — ${colorName}`,
        color: hex,
        colorName,
        priceCents: KEPT_PRICES[sku] ?? (basePrice + i * 1_500) * 100,
      };
    }),
  };
}

export const SEED_PRODUCTS: SeedProduct[] = SEED_CATEGORIES.flatMap((c) =>
  (ROWS[c.id] ?? []).map((row, i) => product(c.id, row, i)),
);
