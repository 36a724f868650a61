/**
 * Fault scenario: inventory and payments are SIGKILLed while they consume (three times): what
 * they handled but had not acknowledged is delivered again after the ack wait.
 */
import { expect } from "bun:test";
import { faultScenarioTest } from "../../bench/faults/testing.ts";

faultScenarioTest("consumer-dies", {
  struck: (r) => {
    expect(r.notes.kills).toBe(3);
  },
});
