/**
 * Fault scenario: every message of the saga's streams is delivered a second time under its
 * original message id (as after a lost acknowledgement): each consumer must apply it once.
 */
import { expect } from "bun:test";
import { faultScenarioTest } from "../../bench/faults/testing.ts";

faultScenarioTest("redelivery", {
  struck: (r) => {
    expect(Number(r.notes.duplicates_sent)).toBeGreaterThan(r.orders.orders);
  },
});
