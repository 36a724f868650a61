import { describe, expect, test } from "bun:test";
import { createFetchSlots } from "./fetch-slots.ts";

const later = <T>(ms: number, value: T) => new Promise<T>((r) => setTimeout(() => r(value), ms));

describe("createFetchSlots()", () => {
  test("more fetches than slots - at most `size` run at once, the rest start as slots free, all answer", async () => {
    const slots = createFetchSlots(3, 10_000);
    let running = 0;
    let most = 0;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        slots(async () => {
          running++;
          most = Math.max(most, running);
          await later(5, undefined);
          running--;
          return i;
        }),
      ),
    );
    expect(most).toBe(3);
    expect(results).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  test("a slow fetch - gives its slot up after holdMs, so a fast one behind it does not wait for it", async () => {
    const slots = createFetchSlots(1, 20);
    const slow = slots(() => later(1000, "slow"));
    const started = performance.now();
    expect(await slots(() => Promise.resolve("fast"))).toBe("fast");
    expect(performance.now() - started).toBeLessThan(500);
    expect(await slow).toBe("slow");
  });

  test("a failing fetch - frees its slot and its error reaches the caller", async () => {
    const slots = createFetchSlots(1, 10_000);
    await expect(slots(() => Promise.reject(new Error("refused")))).rejects.toThrow("refused");
    expect(await slots(() => Promise.resolve("next"))).toBe("next");
  });

  test("a size that is not a whole number ≥ 1 - is refused", () => {
    expect(() => createFetchSlots(0, 10)).toThrow("size must be a whole number ≥ 1");
  });
});
