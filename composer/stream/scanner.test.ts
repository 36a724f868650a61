import { describe, expect, test } from "bun:test";
import { cutAtTags, FragmentTagScanner, plainChunk } from "./scanner.ts";

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

describe("cutAtTags() - a whole body cut on its bytes", () => {
  const open = (name: string) => `<tessera-fragment service="t" name="${name}">`;
  const bodies = [
    `<p>héllo ✓</p>${open("a")}fällback</tessera-fragment><i>between 🙂</i>${open("b")}</tessera-fragment>`,
    `${open("first")}</tessera-fragment>tail`,
    "no tags at all, ünïcode",
    `<p>unclosed</p>${open("x")}never closed`,
    "<tessera-fragment </tessera-fragment> odd",
    "",
  ];

  /** Adjacent texts as one (where text is cut between tags does not change the page). */
  const merged = (items: ({ text: string } | { attributes: string; inner: string })[]) =>
    items.reduce<typeof items>((out, item) => {
      const last = out.at(-1);
      if (last && "text" in last && "text" in item) out[out.length - 1] = { text: last.text + item.text };
      else out.push(item);
      return out;
    }, []);

  test("the same tags and text as the text scanner, text as views of the body", () => {
    const encoder = new TextEncoder();
    const decoder = new TextDecoder();
    for (const html of bodies) {
      const scanner = new FragmentTagScanner();
      const expected = [...scanner.feed(html), ...scanner.flush()].map((item) =>
        "text" in item ? { text: item.text } : { attributes: item.attributes, inner: item.inner },
      );
      const body = encoder.encode(html);
      const got = cutAtTags(body).map((item) =>
        "bytes" in item
          ? { text: decoder.decode(item.bytes) }
          : { attributes: item.attributes, inner: item.inner },
      );
      expect(merged(got)).toEqual(merged(expected));
      for (const item of cutAtTags(body)) if ("bytes" in item) expect(item.bytes.buffer).toBe(body.buffer);
    }
  });
});
