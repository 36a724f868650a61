import { describe, expect, test } from "bun:test";
import { createRetryBudget } from "./retry-budget.ts";

describe("createRetryBudget()", () => {
  test("a spent reserve - allows no more retries until requests deposit enough", () => {
    const budget = createRetryBudget({ ratio: 0.5, reserve: 2 });
    expect([budget.withdraw(), budget.withdraw(), budget.withdraw()]).toEqual([true, true, false]);
    budget.deposit();
    expect(budget.withdraw()).toBe(false);
    budget.deposit();
    expect(budget.withdraw()).toBe(true);
  });

  test("many first attempts - never save up more than the reserve", () => {
    const budget = createRetryBudget({ ratio: 1, reserve: 1 });
    for (let i = 0; i < 10; i++) budget.deposit();
    expect([budget.withdraw(), budget.withdraw()]).toEqual([true, false]);
  });
});
