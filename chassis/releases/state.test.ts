import { describe, expect, test } from "bun:test";
import {
  activate,
  checkShare,
  liveVersions,
  promote,
  RefusedChange,
  rollback,
  setCanaryShare,
  startCanary,
} from "./state.ts";
import { BUILT_IN, EMPTY_STATE, teamReleases } from "./types.ts";

const V1 = "0.1.0+1111111111";
const V2 = "0.1.0+2222222222";

describe("release state transitions", () => {
  test("deploy then rollback - back to the built-in version, nothing left to roll back to", () => {
    const deployed = activate(EMPTY_STATE, "catalog", V1);
    expect(teamReleases(deployed, "catalog")).toMatchObject({ active: V1, previous: [BUILT_IN] });
    const back = rollback(deployed, "catalog");
    expect(teamReleases(back, "catalog")).toMatchObject({ active: BUILT_IN, previous: [] });
    expect(() => rollback(back, "catalog")).toThrow(/never deployed|no earlier version/);
  });

  test("canary, promote - the canary becomes active, the old active is kept to roll back to", () => {
    const canary = startCanary(activate(EMPTY_STATE, "catalog", V1), "catalog", V2, 25);
    expect(liveVersions(canary, "catalog")).toEqual(new Set([V1, V2]));
    const promoted = promote(canary, "catalog");
    expect(teamReleases(promoted, "catalog")).toMatchObject({ active: V2, previous: [V1, BUILT_IN] });
    expect(teamReleases(promoted, "catalog").canary).toBeUndefined();
  });

  test("rollback during a canary - the canary stops, the active version stays", () => {
    const canary = startCanary(activate(EMPTY_STATE, "catalog", V1), "catalog", V2, 50);
    expect(teamReleases(rollback(canary, "catalog"), "catalog")).toMatchObject({
      active: V1,
      previous: [BUILT_IN],
    });
  });

  test("changes that make no sense - refused with the reason", () => {
    const deployed = activate(EMPTY_STATE, "catalog", V1);
    expect(() => activate(deployed, "catalog", V1)).toThrow(RefusedChange);
    expect(() => promote(deployed, "catalog")).toThrow(/no canary to promote/);
    expect(() => setCanaryShare(deployed, "catalog", 20)).toThrow(/no canary to change/);
    expect(() => startCanary(deployed, "catalog", V1, 50)).toThrow(/already active/);
    for (const share of [0, 100, 12.5, -3]) expect(() => checkShare(share)).toThrow(`(got ${share})`);
  });

  test("another team - untouched by a team's change", () => {
    const state = activate(activate(EMPTY_STATE, "explore", V2), "catalog", V1);
    expect(teamReleases(rollback(state, "catalog"), "explore").active).toBe(V2);
  });
});
