/**
 * Fault scenario: checkout commits orders (with their events in its outbox) while the broker is
 * unreachable, and is SIGKILLed before its relay published them; restarted, its relay publishes
 * them from the outbox and the sagas complete.
 */
import { expect } from "bun:test";
import { faultScenarioTest } from "../../bench/faults/testing.ts";

faultScenarioTest("crash-before-publish", {
  struck: (r) => {
    expect(r.notes.kills).toBe(1);
    expect(Number(r.notes.unpublished_at_crash)).toBeGreaterThan(0);
  },
});
