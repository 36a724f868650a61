import { describe, expect, test } from "bun:test";
import { type FragmentSlot, parseTemplate, slotParams, slotQuery, TemplateError } from "./parse.ts";

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe("parseTemplate()", () => {
  test("a template with fragments and placeholders - splits into text, slots and vars in order", () => {
    const t = parseTemplate(
      "page",
      '<head>{{trace_id}}</head><tessera-fragment service="catalog" name="card" sku="{query.sku}" tier="primary" timeout="1500"><p>fb</p></tessera-fragment><footer/>',
    );
    expect(t.parts.map((p) => p.kind)).toEqual(["text", "var", "text", "slot", "text", "end"]);
    expect(t.slots).toEqual([
      {
        service: "catalog",
        name: "card",
        params: { sku: "{query.sku}" },
        tier: "primary",
        timeoutMs: 1500,
        fallback: "<p>fb</p>",
      },
    ]);
    const first = t.parts[0];
    expect(first?.kind === "text" && decode(first.bytes)).toBe("<head>");
  });

  test("a template with a body - gets its end part just before the last </body>", () => {
    const t = parseTemplate("p", "<body><p>x</p></body></html>");
    expect(t.parts.map((p) => (p.kind === "text" ? decode(p.bytes) : p.kind))).toEqual([
      "<body><p>x</p>",
      "end",
      "</body></html>",
    ]);
  });

  test("a template-level timeout meta - becomes the template's default; a bad one throws", () => {
    const t = parseTemplate("p", '<meta name="tessera-fragment-timeout" content="1500"><body></body>');
    expect(t.timeoutMs).toBe(1500);
    expect(() => parseTemplate("p", '<meta name="tessera-fragment-timeout" content="soon">')).toThrow(
      'tessera-fragment-timeout "soon"',
    );
  });

  test("a deferred fragment - keeps its tier", () => {
    const t = parseTemplate(
      "p",
      '<tessera-fragment service="a" name="b" tier="deferred"></tessera-fragment>',
    );
    expect(t.slots[0]?.tier).toBe("deferred");
  });

  test("a fragment without a tier - is optional", () => {
    const t = parseTemplate("p", '<tessera-fragment service="a" name="b"></tessera-fragment>');
    expect(t.slots[0]?.tier).toBe("optional");
  });

  test("a fragment tag without service - throws naming the template and the tag", () => {
    expect(() => parseTemplate("home", '<tessera-fragment name="b"></tessera-fragment>')).toThrow(
      'template "home", <tessera-fragment name="b">: needs service="…" and name="…"',
    );
  });

  test("an unknown tier or a bad timeout - throws quoting the bad value", () => {
    expect(() =>
      parseTemplate("p", '<tessera-fragment service="a" name="b" tier="vital"></tessera-fragment>'),
    ).toThrow('tier="vital" is not one of primary, required, optional');
    expect(() =>
      parseTemplate("p", '<tessera-fragment service="a" name="b" timeout="soon"></tessera-fragment>'),
    ).toThrow(TemplateError);
  });

  test("an unclosed fragment tag - throws", () => {
    expect(() => parseTemplate("p", '<tessera-fragment service="a" name="b">')).toThrow("is not closed");
  });
});

describe("slotParams()", () => {
  test("placeholders - are filled from the query string and the route params", () => {
    const [slot] = parseTemplate(
      "p",
      '<tessera-fragment service="a" name="b" sku="{query.sku}" id="{params.id}" x="1"></tessera-fragment>',
    ).slots;
    const params = slotParams(slot as never, new URL("http://x/?sku=AB-1"), { id: "42" });
    expect(params.toString()).toBe("sku=AB-1&id=42&x=1");
  });

  test("a placeholder the request leaves empty - its parameter is left out", () => {
    const [slot] = parseTemplate(
      "p",
      '<tessera-fragment service="a" name="b" sku="{query.sku}" id="{params.id}"></tessera-fragment>',
    ).slots;
    expect(slotParams(slot as never, new URL("http://x/"), { id: "42" }).toString()).toBe("id=42");
  });
});

describe("slotQuery()", () => {
  test("a slot with fixed parameters, one with placeholders, one without - the query each page sends", () => {
    const [fixed, placeholder, bare] = parseTemplate(
      "/p/:id",
      '<tessera-fragment service="s" name="a" nest="yes" n="2"></tessera-fragment><tessera-fragment service="s" name="b" sku="{params.id}"></tessera-fragment><tessera-fragment service="s" name="c"></tessera-fragment>',
    ).slots as [FragmentSlot, FragmentSlot, FragmentSlot];
    const url = new URL("http://shop.test/p/1");
    expect(slotQuery(fixed, url, { id: "1" })).toBe("nest=yes&n=2");
    expect(slotQuery(fixed, url, { id: "2" })).toBe("nest=yes&n=2");
    expect(slotQuery(placeholder, url, { id: "1" })).toBe("sku=1");
    expect(slotQuery(placeholder, url, { id: "CL 2" })).toBe("sku=CL+2");
    expect(slotQuery(bare, url, { id: "1" })).toBe("");
  });
});
