import { describe, expect, test } from "bun:test";
import { FragmentTagScanner, plainChunk } from "./scanner.ts";

describe("FragmentTagScanner", () => {
  test("a tag split over three chunks - text before it is released at once, the tag once complete", () => {
    const scanner = new FragmentTagScanner();
    expect(scanner.feed("<p>a</p><tess")).toEqual([{ text: "<p>a</p>" }]);
    expect(scanner.feed('era-fragment service="x" name="y">fb</tessera-')).toEqual([]);
    expect(scanner.feed("fragment>tail")).toEqual([
      {
        tag: '<tessera-fragment service="x" name="y">fb</tessera-fragment>',
        attributes: ' service="x" name="y"',
        inner: "fb",
      },
      { text: "tail" },
    ]);
    expect(scanner.flush()).toEqual([]);
  });

  test("a '<' that cannot start a tag - is released without waiting", () => {
    const scanner = new FragmentTagScanner();
    expect(scanner.feed("a < b <div>")).toEqual([{ text: "a < b <div>" }]);
  });

  test("an unclosed tag at the end - is passed through as text on flush", () => {
    const scanner = new FragmentTagScanner();
    expect(scanner.feed("<tessera-fragment x>")).toEqual([]);
    expect(scanner.flush()).toEqual([{ text: "<tessera-fragment x>" }]);
  });
});

describe("plainChunk()", () => {
  const bytes = (text: string) => new TextEncoder().encode(text);
  test("a chunk without a tag or a tag's start at its end - is plain", () => {
    expect(plainChunk(bytes("<p>a < b</p>"))).toBe(true);
  });
  test("a chunk holding a tag, or ending with the start of one - is not plain", () => {
    expect(plainChunk(bytes('x<tessera-fragment service="a"'))).toBe(false);
    expect(plainChunk(bytes("<p>x</p><tesse"))).toBe(false);
    expect(plainChunk(bytes("<p>x</p><"))).toBe(false);
  });
});
