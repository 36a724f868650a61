/**
 * The verification matrix (`contracts/results/matrix.json`, build output, not committed): one row
 * per consumer version × provider version that was verified, with its result. The provider
 * tests add their rows; `can-i-deploy.ts` answers from it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { RESULTS_DIR } from "./pact.ts";

export interface VerificationResult {
  edge: string;
  consumer: string;
  consumerVersion: string;
  provider: string;
  providerVersion: string;
  type: string;
  result: "passed" | "failed";
  error?: string;
  interactions?: string[];
  pact: string;
  verifiedAt: string;
}

export interface Matrix {
  updatedAt: string;
  rows: VerificationResult[];
}

export const MATRIX_FILE = join(RESULTS_DIR, "matrix.json");

export function readMatrix(file = MATRIX_FILE): Matrix {
  if (!existsSync(file)) return { updatedAt: "", rows: [] };
  return JSON.parse(readFileSync(file, "utf8")) as Matrix;
}

const key = (r: VerificationResult) =>
  `${r.consumer}|${r.consumerVersion}|${r.provider}|${r.providerVersion}`;

/** Adds (or replaces) rows: the latest verification of a consumer/provider version pair wins. */
export function recordResults(results: VerificationResult[], file = MATRIX_FILE): Matrix {
  const matrix = readMatrix(file);
  const byKey = new Map(matrix.rows.map((r) => [key(r), r]));
  for (const r of results) byKey.set(key(r), r);
  const next = { updatedAt: new Date().toISOString(), rows: [...byKey.values()] };
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(file, `${JSON.stringify(next, null, 2)}\n`);
  return next;
}
