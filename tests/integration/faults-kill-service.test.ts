/** Fault scenario: checkout, the saga's orchestrator, is SIGKILLed mid-saga (twice) and restarted. */
import { expect } from "bun:test";
import { faultScenarioTest } from "../../bench/faults/testing.ts";

faultScenarioTest("kill-service", {
  struck: (r) => {
    expect(r.notes.kills).toBe(2);
    expect(Number(r.notes.pending_at_kill)).toBeGreaterThan(0); // orders were mid-saga when it died
  },
});
