/** Fault scenario: the run's own NATS server is restarted (gracefully) twice while orders flow. */
import { expect } from "bun:test";
import { faultScenarioTest } from "../../bench/faults/testing.ts";

faultScenarioTest("nats-restart", {
  struck: (r) => {
    expect(r.notes.restarts).toBe(2);
  },
});
