import { describe, expect, test } from "bun:test";
import { createCsrf } from "../context/csrf.ts";
import { csrfSegments, FormFieldWriter, formFree, withCsrfMarkup } from "./forms.ts";

const csrf = createCsrf({ secret: "test-secret", secure: false });
const TOKEN = "t0ken";
const markup = csrf.markup(TOKEN);

/** What the HTMLRewriter of `csrf.inject` makes of a page: the rule the streaming writer keeps. */
async function rewritten(html: string): Promise<string> {
  return csrf.inject(new Response(html, { headers: { "content-type": "text/html" } }), TOKEN).text();
}

const PAGES = [
  '<html><head><title>x</title></head><body><form method="post" action="/a"><input name="q"></form></body></html>',
  '<body><form action="/search"></form><form method="post"></form></body>',
  "<body><FORM METHOD=POST action=/a><input></FORM><Form method='Post'>x</Form></body>",
  '<form\nclass="c"\n  method = "post"\n>a</form><form method="get">b</form><form method>c</form>',
  '<form data-method="post" method="post">a</form><form method="get" method="post">b</form>',
  '<formation>no</formation><form/><form method="post"/>z<p>a < b, x<form</p>',
  '<form action="/a>b" method="post">quoted ></form>',
  "<p>no forms, no head</p>",
];

describe("FormFieldWriter", () => {
  test.each(PAGES)(
    "a page - gets the same fields and meta as the HTMLRewriter gives it: %s",
    async (html) => {
      expect(withCsrfMarkup(html, markup)).toBe(await rewritten(html));
    },
  );

  test("a page cut into pieces at any point - gets the same fields as the whole page", () => {
    for (const html of PAGES) {
      const whole = new FormFieldWriter(markup.field);
      const expected = whole.feed(html) + whole.flush();
      for (let cut = 0; cut <= html.length; cut++) {
        for (const step of [1, 3, cut || 1]) {
          const writer = new FormFieldWriter(markup.field);
          let out = writer.feed(html.slice(0, cut));
          for (let i = cut; i < html.length; i += step) out += writer.feed(html.slice(i, i + step));
          expect(out + writer.flush()).toBe(expected);
        }
      }
    }
  });

  test("an unfinished form tag at the end of the body - is passed through as it came", () => {
    const writer = new FormFieldWriter(markup.field);
    expect(writer.feed('<p>x</p><form method="po')).toBe("<p>x</p>");
    expect(writer.idle).toBe(false);
    expect(writer.flush()).toBe('<form method="po');
  });
});

describe("csrfSegments()", () => {
  test("template text - is cut where the meta and the fields go", () => {
    expect(csrfSegments('<head><title>t</title></head><body><form method="post"><input></form>')).toEqual([
      "<head><title>t</title>",
      "meta",
      '</head><body><form method="post">',
      "field",
      "<input></form>",
    ]);
    expect(csrfSegments("<p>plain</p>")).toEqual(["<p>plain</p>"]);
  });
});

describe("formFree()", () => {
  const bytes = (text: string) => new TextEncoder().encode(text);
  test("a chunk with a form start in any case, or ending in a possible start of one - is not free", () => {
    for (const text of ['<div><form method="post">', "<FoRm>", "x<", "x<f", "x<FOR", "x<form"])
      expect(formFree(bytes(text))).toBe(false);
  });
  test("a chunk without one - is free", () => {
    for (const text of ["<div><p>formal</p></div>", "<fieldset>", "a < b", ""])
      expect(formFree(bytes(text))).toBe(true);
  });
});
