/**
 * can-i-deploy on the real verification results (after the provider stage): every service at
 * the verified version may deploy, and a version nobody verified may not.
 */
import { describe, expect, test } from "bun:test";
import { canIDeploy, repositoryInput } from "../can-i-deploy.ts";

const SERVICES = ["catalog", "explore", "inventory", "checkout", "payments", "identity", "composer"];
const OK = ["verified", "checked-by-test", "no-pact (proxy)"];

describe("can-i-deploy", () => {
  const input = repositoryInput();
  const version = input.matrix.rows.at(-1)?.providerVersion; // the newest verification (rows are appended)

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
});
