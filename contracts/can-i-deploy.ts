/**
 * `bun contracts/can-i-deploy.ts <service> <version>`: may this version of a service go out?
 * Answers from the edge inventory (`edges/inventory.json`), the pacts (`pacts/`, each carrying its
 * consumer's version) and the verification matrix (`results/matrix.json`): every edge touching the
 * service needs its contract verified for this version —
 *
 * - as a provider: each consumer's current pact verified against `<version>`;
 * - as a consumer: its pact at `<version>` verified by the provider (its latest verified version);
 *   the service's browser side (`<service>-web`: its components, shipped with it) counts as the
 *   service;
 * - DOM edges are checked by `tests/dom-events.contract.test.ts` in the same stage, the shell's
 *   modules and reports by `tests/shell-*.contract.test.ts` (an edge whose contract is a test
 *   file counts as `checked-by-test`); the composer's
 *   transparent proxies carry no pact (the inventory says why).
 *
 * Prints a table (edge, consumer, provider, type, state) and exits 1 when it cannot deploy.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Edge } from "./edges/scan.ts";
import { type Matrix, readMatrix, type VerificationResult } from "./support/matrix.ts";
import type { PactFile } from "./support/pact.ts";

const HERE = import.meta.dir;
const ROOT = join(HERE, "..");

export type EdgeState =
  | "verified"
  | "failed"
  | "unverified"
  | "missing"
  | "checked-by-test"
  | "no-pact (proxy)";

export interface GateRow {
  edge: string;
  consumer: string;
  provider: string;
  type: string;
  what: string;
  state: EdgeState;
  detail?: string;
}

export interface GateInput {
  edges: Edge[];
  matrix: Matrix;
  /** Pact file (repo-relative) → its consumer version. */
  pactVersion: (pact: string) => string | undefined;
}

const OK: EdgeState[] = ["verified", "checked-by-test", "no-pact (proxy)"];

function latest(rows: VerificationResult[]): VerificationResult | undefined {
  return [...rows].sort((a, b) => b.verifiedAt.localeCompare(a.verifiedAt))[0];
}

/** The state of each edge touching `service` at `version`, and whether it may deploy. */
export function canIDeploy(
  service: string,
  version: string,
  input: GateInput,
): { ok: boolean; rows: GateRow[] } {
  const rows: GateRow[] = [];
  const own = (name: string) => name === service || name === `${service}-web`;
  for (const edge of input.edges) {
    if (!own(edge.consumer) && !own(edge.provider) && edge.provider !== "*") continue;
    if (edge.provider === "*" && !own(edge.consumer)) continue;
    const row: GateRow = {
      edge: `${edge.consumer} → ${edge.provider}`,
      consumer: edge.consumer,
      provider: edge.provider,
      type: edge.type,
      what: edge.what,
      state: "missing",
    };
    rows.push(row);
    // DOM events, the shell's modules and its reports: a test checks both sides (no pact)
    if (edge.type === "dom" || edge.contract?.endsWith(".test.ts")) {
      row.state = edge.contract ? "checked-by-test" : "missing";
      continue;
    }
    if (!edge.contract) {
      row.state = edge.type === "http" && edge.note ? "no-pact (proxy)" : "missing";
      continue;
    }
    const candidates = input.matrix.rows.filter((r) => r.pact === edge.contract);
    let found: VerificationResult | undefined;
    if (own(edge.provider)) {
      const consumerVersion = input.pactVersion(edge.contract);
      found = latest(
        candidates.filter((r) => r.providerVersion === version && r.consumerVersion === consumerVersion),
      );
      if (!found)
        row.detail = `no verification of ${edge.consumer} ${consumerVersion ?? "?"} against ${service} ${version}`;
    } else {
      found = latest(candidates.filter((r) => r.consumerVersion === version));
      if (!found)
        row.detail = `the pact of ${edge.consumer} ${version} was never verified by ${edge.provider}`;
    }
    if (!found) row.state = "unverified";
    else if (found.result === "passed") {
      row.state = "verified";
      row.detail = `${found.consumer} ${found.consumerVersion} × ${found.provider} ${found.providerVersion}`;
    } else {
      row.state = "failed";
      row.detail = (found.error ?? "").split("\n").slice(0, 3).join(" ");
    }
  }
  return { ok: rows.length > 0 && rows.every((r) => OK.includes(r.state)), rows };
}

/** A plain text table. */
export function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/** Reads the inventory, pacts and matrix from the repository. */
export function repositoryInput(matrixFile?: string): GateInput {
  const inventory = join(HERE, "edges", "inventory.json");
  const edges = existsSync(inventory)
    ? (JSON.parse(readFileSync(inventory, "utf8")) as { edges: Edge[] }).edges
    : [];
  return {
    edges,
    matrix: readMatrix(matrixFile),
    pactVersion: (pact) => {
      const file = join(ROOT, pact);
      if (!existsSync(file)) return undefined;
      return (JSON.parse(readFileSync(file, "utf8")) as PactFile).metadata?.tessera?.consumerVersion;
    },
  };
}

/**
 * The gate as the deploy command asks it: {@link canIDeploy} on the inventory, pacts and matrix
 * in this repository (`matrixFile` to read another matrix).
 *
 * @example
 * const { ok, rows } = gate("checkout", "3f2a9c1");
 * if (!ok) throw new Error(formatGateRows(rows));
 */
export function gate(
  service: string,
  version: string,
  matrixFile?: string,
): { ok: boolean; rows: GateRow[] } {
  return canIDeploy(service, version, repositoryInput(matrixFile));
}

/** The gate's rows as the CLI prints them. */
export function formatGateRows(rows: GateRow[]): string {
  return formatTable(
    ["edge", "consumer", "provider", "type", "what", "state", "detail"],
    rows.map((r) => [r.edge, r.consumer, r.provider, r.type, r.what, r.state, r.detail ?? ""]),
  );
}

if (import.meta.main) {
  const [service, version] = process.argv.slice(2);
  if (!service || !version) {
    console.error("usage: bun contracts/can-i-deploy.ts <service> <version>");
    process.exit(2);
  }
  const { ok, rows } = gate(service, version);
  console.log(formatGateRows(rows));
  if (rows.length === 0) console.log(`\n${service} has no edges in contracts/edges/inventory.json`);
  console.log(`\n${ok ? "✓" : "✗"} ${service} ${version} ${ok ? "can" : "cannot"} be deployed`);
  process.exit(ok ? 0 : 1);
}
