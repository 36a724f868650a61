/**
 * can-i-deploy on the real verification results (after the provider stage): every service at
 * the version the provider tests verified (`PROVIDER_VERSION`, else the git sha) may deploy, and
 * a version nobody verified may not.
 */
import { describe, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { canIDeploy, gate, repositoryInput } from "../can-i-deploy.ts";
import { providerVersion } from "../support/pact.ts";

const SERVICES = [...readdirSync(join(import.meta.dir, "..", "..", "services")).sort(), "composer"];
const OK = ["verified", "checked-by-test"];

describe("can-i-deploy", () => {
  const input = repositoryInput();
  // The version this stage's provider tests verified (others — a deploy's candidate — may be in the matrix too).
  const version = input.matrix.rows.some((r) => r.providerVersion === providerVersion())
    ? providerVersion()
    : undefined;

  for (const service of SERVICES)
    test(`${service} - at the version just verified - may deploy, every edge verified`, () => {
      if (!version) throw new Error("results/matrix.json is empty: run the provider tests first");
      const answer = canIDeploy(service, version, input);
      expect(answer.rows.length).toBeGreaterThan(0);
      expect(answer.rows.filter((r) => !OK.includes(r.state))).toEqual([]);
      expect(answer.ok).toBe(true);
    });

  test("catalog - a version no provider test verified - may not deploy", () => {
    const answer = canIDeploy("catalog", "never-verified", input);
    expect(answer.ok).toBe(false);
    expect(answer.rows.some((r) => r.state === "unverified")).toBe(true);
  });

  test("gate - the deploy command's entry - answers as canIDeploy does on the repository's files", () => {
    if (!version) throw new Error("results/matrix.json is empty: run the provider tests first");
    expect(gate("checkout", version)).toEqual(canIDeploy("checkout", version, repositoryInput()));
    expect(gate("checkout", "never-verified").ok).toBe(false);
  });

  test("checkout - its browser side's form pacts - count as checkout's own edges", () => {
    if (!version) throw new Error("results/matrix.json is empty: run the provider tests first");
    const rows = canIDeploy("checkout", version, input).rows.filter((r) => r.consumer === "checkout-web");
    expect(rows.map((r) => r.what)).toContain("POST /checkout/place-order");
    expect(rows.every((r) => r.state === "verified")).toBe(true);
  });
});
