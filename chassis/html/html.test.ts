import { describe, expect, test } from "bun:test";
import { attr, html } from "./index.ts";

describe("html", () => {
  test("html`` with text values - escapes markup and quotes", () => {
    const name = `<img src=x onerror="alert(1)"> & 'co'`;
    expect(html`<p title="${name}">${name}</p>`.toString()).toBe(
      '<p title="&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#39;co&#39;">&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#39;co&#39;</p>',
    );
  });

  test("html`` with nested templates, arrays and empty values - keeps the markup, drops the empties", () => {
    const items = ["a<b", "c"].map((t) => html`<li>${t}</li>`);
    expect(html`<ul>${items}${undefined}${null}${false}</ul>`.toString()).toBe(
      "<ul><li>a&lt;b</li><li>c</li></ul>",
    );
  });

  test("attr - written only with a value, escaped", () => {
    expect(html`<input${attr("value", 'a"b')}${attr("aria-invalid", undefined)}>`.toString()).toBe(
      '<input value="a&quot;b">',
    );
  });
});
