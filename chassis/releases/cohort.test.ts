import { describe, expect, test } from "bun:test";
import { bucket, newCohort, versionFor, versionsFor } from "./cohort.ts";
import { activate, startCanary } from "./state.ts";
import { BUILT_IN, EMPTY_STATE } from "./types.ts";

const V1 = "0.1.0+1111111111";
const V2 = "0.1.0+2222222222";
const withCanary = (share: number) => startCanary(activate(EMPTY_STATE, "catalog", V1), "catalog", V2, share);

describe("which version a shopper gets", () => {
  test("nothing deployed - the built-in version; no team listed", () => {
    expect(versionFor(EMPTY_STATE, "catalog", newCohort())).toBe(BUILT_IN);
    expect(versionsFor(EMPTY_STATE, newCohort())).toEqual({});
  });

  test("a canary at 50% - about half of 2,000 shoppers get it", () => {
    const state = withCanary(50);
    const canary = Array.from({ length: 2000 }, newCohort).filter(
      (c) => versionFor(state, "catalog", c) === V2,
    );
    expect(canary.length).toBeGreaterThan(850);
    expect(canary.length).toBeLessThan(1150);
  });

  test("one shopper - the same version on every page view, and in every process (a hash, no memory)", () => {
    const state = withCanary(30);
    for (const cohort of Array.from({ length: 50 }, newCohort)) {
      const first = versionFor(state, "catalog", cohort);
      for (let i = 0; i < 5; i++) expect(versionFor(structuredClone(state), "catalog", cohort)).toBe(first);
    }
    expect(bucket("fixed-cohort-id-0001", "catalog")).toBe(bucket("fixed-cohort-id-0001", "catalog"));
  });

  test("a canary's share grows - shoppers already in it stay in it", () => {
    const cohorts = Array.from({ length: 500 }, newCohort);
    const at10 = cohorts.filter((c) => versionFor(withCanary(10), "catalog", c) === V2);
    const at60 = new Set(cohorts.filter((c) => versionFor(withCanary(60), "catalog", c) === V2));
    for (const c of at10) expect(at60.has(c)).toBe(true);
  });

  test("two teams' canaries - each picks its own shoppers", () => {
    const state = startCanary(withCanary(50), "explore", "0.1.0+3333333333", 50);
    const cohorts = Array.from({ length: 400 }, newCohort);
    const same = cohorts.filter(
      (c) => (versionFor(state, "catalog", c) === V2) === (versionFor(state, "explore", c) !== BUILT_IN),
    );
    expect(same.length).toBeLessThan(cohorts.length);
  });
});
