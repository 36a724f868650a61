import { describe, expect, test } from "bun:test";
import { silentLogger } from "@tessera/chassis/log";
import { BrokenCircuitError } from "cockatiel";
import { CircuitState, createBreakers } from "./breakers.ts";

const ok = () => Promise.resolve("ok");
const boom = () => Promise.reject(new Error("boom"));

describe("Breakers.call - the breaker's counting, with no breaker step while nothing failed", () => {
  test("consecutive failures - open the circuit, and the next call is refused without reaching the instance", async () => {
    const breakers = createBreakers({ failures: 2, halfOpenAfterMs: 60_000, log: silentLogger });
    await expect(breakers.call("i1", boom)).rejects.toThrow("boom");
    await expect(breakers.call("i1", boom)).rejects.toThrow("boom");
    await Bun.sleep(0);
    expect(breakers.state("i1")).toBe(CircuitState.Open);
    let reached = false;
    const refused = breakers.call("i1", () => {
      reached = true;
      return ok();
    });
    await expect(refused).rejects.toBeInstanceOf(BrokenCircuitError);
    expect(reached).toBe(false);
  });

  test("a success between failures - resets the count, so the circuit stays closed", async () => {
    const breakers = createBreakers({ failures: 2, halfOpenAfterMs: 60_000, log: silentLogger });
    await expect(breakers.call("i1", boom)).rejects.toThrow("boom");
    expect(await breakers.call("i1", ok)).toBe("ok");
    await expect(breakers.call("i1", boom)).rejects.toThrow("boom");
    await Bun.sleep(0);
    expect(breakers.state("i1")).toBe(CircuitState.Closed);
    await expect(breakers.call("i1", boom)).rejects.toThrow("boom");
    await Bun.sleep(0);
    expect(breakers.state("i1")).toBe(CircuitState.Open);
  });

  test("a call started while closed that succeeds after another failed - resets the count too", async () => {
    const breakers = createBreakers({ failures: 2, halfOpenAfterMs: 60_000, log: silentLogger });
    let finish!: (value: string) => void;
    const slow = breakers.call("i1", () => new Promise<string>((resolve) => (finish = resolve)));
    await expect(breakers.call("i1", boom)).rejects.toThrow("boom");
    finish("late");
    expect(await slow).toBe("late");
    await expect(breakers.call("i1", boom)).rejects.toThrow("boom");
    await Bun.sleep(0);
    expect(breakers.state("i1")).toBe(CircuitState.Closed);
  });
});

describe("Breakers.direct - a caller that reads the outcome itself reports it", () => {
  test("failures reported - stop direct calls, and enough of them open the circuit", async () => {
    const breakers = createBreakers({ failures: 2, halfOpenAfterMs: 60_000, log: silentLogger });
    expect(breakers.direct("i1")).toBe(true);
    breakers.failed("i1", new Error("boom"));
    // a failure is counted: the next call must go through the breaker
    expect(breakers.direct("i1")).toBe(false);
    breakers.failed("i1", new Error("boom"));
    await Bun.sleep(0);
    expect(breakers.state("i1")).toBe(CircuitState.Open);
    expect(breakers.available("i1")).toBe(false);
    await expect(breakers.call("i1", ok)).rejects.toBeInstanceOf(BrokenCircuitError);
  });

  test("a success reported after a failure - resets the count, and calls run directly again", async () => {
    const breakers = createBreakers({ failures: 2, halfOpenAfterMs: 60_000, log: silentLogger });
    breakers.failed("i1", new Error("boom"));
    breakers.succeeded("i1");
    expect(breakers.direct("i1")).toBe(true);
    breakers.failed("i1", new Error("boom"));
    await Bun.sleep(0);
    expect(breakers.state("i1")).toBe(CircuitState.Closed);
  });
});
