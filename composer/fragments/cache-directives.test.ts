import { describe, expect, test } from "bun:test";
import { cacheDirectives } from "./cache.ts";

const of = (cacheControl: string, vary?: string) =>
  cacheDirectives(new Headers({ "cache-control": cacheControl, ...(vary ? { vary } : {}) }));

describe("cacheDirectives()", () => {
  test("max-age, stale-while-revalidate and stale-if-error - are read in milliseconds", () => {
    expect(of("public, max-age=5, stale-while-revalidate=30, stale-if-error=300")).toEqual({
      store: true,
      maxAgeMs: 5000,
      swrMs: 30_000,
      sieMs: 300_000,
    });
  });

  test("no-store, private, no-cache or Vary: * - are not stored", () => {
    for (const value of ["no-store", "private, max-age=60", "no-cache"]) expect(of(value).store).toBe(false);
    expect(of("max-age=60", "*").store).toBe(false);
  });

  test("s-maxage - wins over max-age for the composer, a shared cache", () => {
    expect(of("max-age=60, s-maxage=2").maxAgeMs).toBe(2000);
  });
});
