/** Fault scenario: every PostgreSQL connection of every service reset four times, with a spell of latency. */
import { expect } from "bun:test";
import { faultScenarioTest } from "../../bench/faults/testing.ts";

faultScenarioTest("db-drop", {
  struck: (r) => {
    expect(Number(r.notes.connections_dropped)).toBeGreaterThan(0);
    expect(r.notes.fault_error).toBeUndefined();
  },
});
