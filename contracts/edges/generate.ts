/**
 * Writes the edge inventory (`contracts/edges/inventory.json`) from the code: every fragment,
 * HTTP, message and DOM-event edge between teams and the contract covering it. Needs the pacts,
 * so run it after the consumer tests (`bun run --cwd contracts test` does). `--check` writes
 * nothing and exits 1 when the committed inventory differs or an edge has no contract.
 *
 * @example
 * bun contracts/edges/generate.ts          # regenerate
 * bun contracts/edges/generate.ts --check  # what the test does
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { scanEdges, uncovered } from "./scan.ts";

export const INVENTORY_FILE = join(import.meta.dir, "inventory.json");

export function renderInventory(): string {
  const edges = scanEdges();
  return `${JSON.stringify({ generatedBy: "contracts/edges/generate.ts", edges }, null, 2)}\n`;
}

if (import.meta.main) {
  const text = renderInventory();
  const { edges } = JSON.parse(text) as { edges: ReturnType<typeof scanEdges> };
  const missing = uncovered(edges);
  if (process.argv.includes("--check")) {
    // Compared as data: a formatter may lay the committed file out differently.
    const committed = existsSync(INVENTORY_FILE)
      ? JSON.stringify(JSON.parse(readFileSync(INVENTORY_FILE, "utf8")).edges)
      : "";
    const stale = committed !== JSON.stringify(edges);
    if (stale)
      console.error("contracts/edges/inventory.json is out of date: run bun contracts/edges/generate.ts");
    for (const e of missing) console.error(`no contract: ${e.id} (${e.found.join(", ")})`);
    process.exit(stale || missing.length > 0 ? 1 : 0);
  }
  writeFileSync(INVENTORY_FILE, text);
  console.log(`${edges.length} edges → contracts/edges/inventory.json; ${missing.length} without a contract`);
  for (const e of missing) console.log(`  no contract: ${e.id}`);
}
