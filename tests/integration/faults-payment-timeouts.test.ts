/**
 * Fault scenario: a third of the payments never answer (tok_visa_timeout): those orders are
 * cancelled on the saga's timeout, their stock released and their pending payments voided.
 */
import { expect } from "bun:test";
import { faultScenarioTest } from "../../bench/faults/testing.ts";

faultScenarioTest("payment-timeouts", {
  struck: (r) => {
    expect(r.orders.cancelledBy["payment-timeout"] ?? 0).toBeGreaterThan(10);
  },
});
