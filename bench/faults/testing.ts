/**
 * One integration test per fault scenario (`tests/integration/faults-*.test.ts`): a system of its
 * own (its NATS server, its databases, its proxies), a small number of orders, the same
 * reconciliation as the bench, and the invariants asserted — plus, per scenario, that the fault
 * really struck (a test whose fault missed would prove nothing).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { TEST_DATABASE_URL } from "../../scripts/prerequisites.ts";
import { prepareStage, runScenario, SCENARIOS, type ScenarioResult, type Stage } from "./scenarios.ts";
import { type FaultSystem, startFaultSystem } from "./system.ts";

export interface FaultTestOptions {
  orders?: number;
  concurrency?: number;
  /** Checks that the fault struck (and anything else particular to the scenario). */
  struck: (result: ScenarioResult) => void;
}

/** Asserts what every scenario must keep: nothing lost, duplicated, charged twice, or drifting. */
export function expectInvariants(result: ScenarioResult): void {
  const o = result.orders;
  const figures = {
    settled: result.settled,
    notFinal: o.notFinal,
    lost: o.lost,
    duplicated: o.duplicated,
    unanswered: o.unanswered,
    doublePayments: o.doublePayments,
    unvoided: o.unvoided,
    confirmedUnpaid: o.confirmedUnpaid,
    stockDrift: result.stock.drift,
    deadLetters: result.deadLetters,
  };
  expect(figures).toEqual({
    settled: true,
    notFinal: 0,
    lost: 0,
    duplicated: 0,
    unanswered: 0,
    doublePayments: 0,
    unvoided: 0,
    confirmedUnpaid: 0,
    stockDrift: 0,
    deadLetters: 0,
  });
  expect(o.orders).toBeGreaterThan(result.attempts * 0.9);
  expect(o.confirmed).toBeGreaterThan(0);
}

export function faultScenarioTest(name: string, options: FaultTestOptions): void {
  const scenario = SCENARIOS.find((s) => s.name === name);
  if (!scenario) throw new Error(`No fault scenario "${name}"`);
  const runId = `fx${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
  let system: FaultSystem | undefined;
  let stage: Stage;

  beforeAll(async () => {
    system = await startFaultSystem({
      runId,
      databaseUrl: TEST_DATABASE_URL,
      env: { PAYMENT_TIMEOUT_MS: "3000", STOCK_TIMEOUT_MS: "10000", PLACE_ORDER_WAIT_MS: "12000" },
    });
    stage = await prepareStage(system);
  }, 180_000);
  afterAll(async () => {
    await system?.close();
  }, 60_000);

  describe(`fault scenario ${name}`, () => {
    test(`${scenario.title} - every order final, none lost or duplicated, no double payment, stock conserved`, async () => {
      const result = await runScenario(stage, scenario, {
        orders: options.orders ?? 120,
        concurrency: options.concurrency ?? 24,
        settleTimeoutMs: 150_000,
        // a system that stops answering fails the test with its figures, inside the test's time
        shoppersTimeoutMs: 180_000,
      });
      const explain = JSON.stringify({ ...result, title: undefined }, null, 1);
      try {
        expectInvariants(result);
        options.struck(result);
      } catch (error) {
        // checkout's last lines, and those of each service whose consumer still had work
        const stuck = Object.keys(result.busy).map((what) => /^consumer ([a-z]+)-/.exec(what)?.[1]);
        const services = [...new Set(["checkout", ...stuck.filter((name): name is string => !!name)])];
        const logs = services.map((name) => `--- ${name}\n${system?.logs(name).slice(-15).join("\n")}`);
        (error as Error).message += `\n${explain}\n${logs.join("\n")}`;
        throw error;
      }
    }, 420_000);
  });
}
