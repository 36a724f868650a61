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
  // a `<form method="post">` that is not a tag: in a comment, raw text or an attribute value
  '<!-- <form method="post"> --><form method="post">a</form>',
  `<script>const f = '<form method="post">';</script><form method=post>b</form>`,
  '<style>/* <form method=post> */ .a{}</style><form method="post"></form>',
  '<textarea name="t"><form method="post"></textarea><form method="post"></form>',
  '<head><title>A <form method=post> in a title</title></head><body><form method="post"></form></body>',
  `<div title='<form method="post">'></div><!x <form method=post>><? <form method=post> ></ <form method=post>><form method=post>`,
  "<!--><form method=post>x</form><!---><form method=post>y</form><!-- a --!><form method=post>z</form>",
  "<script><!--<script></script><form method=post>--></script><form method=post>q</form>",
  '<SCRIPT type="x">a</script ><noscript><form method=post></noscript><xmp><form method=post></xmp><iframe><form method=post></iframe><form method=post>',
  '<head><script>"</head>"</script><!-- </head> --></head><body><form method="post"></form>',
  '<script>a</script x="</script>"><form method=post>k</form>',
  "<p>x</p><plaintext><form method=post></plaintext><form method=post>",
  '<div ="x><form method=post>"><form x"method=post>a</form><form method=post/>b<form method="post"/>c</form>',
  "<script><!-- a --> <form method=post> </script><form method=post><script><!--<script>--></script><form method=post>",
  "<p>a<!DOCTYPE x<form method=post>><![CDATA[<form method=post>]]><form method=post></p>",
  // a Lit SSR fragment: comment markers, a shadow root's style
  '<template shadowrootmode="open"><style>:host{display:block}</style><!--lit-part abc--><form method="post"><!--lit-node 0--><button>Go</button></form><!--/lit-part--></template>',
];
const bytes = (text: string) => new TextEncoder().encode(text);

/**
 * `pieces` through a writer as the composer streams a fragment: a piece that {@link formFree}
 * passes while the writer is idle goes out as it is, without the writer (and no meta: that is the
 * template's).
 */
function streamed(pieces: string[]): string {
  const writer = new FormFieldWriter(markup.field);
  let out = "";
  for (const piece of pieces) out += writer.idle && formFree(bytes(piece)) ? piece : writer.feed(piece);
  return out + writer.flush();
}

/** `html` cut at `cut`, then in pieces of `step` characters. */
function cuts(html: string, cut: number, step: number): string[] {
  const pieces = [html.slice(0, cut)];
  for (let i = cut; i < html.length; i += step) pieces.push(html.slice(i, i + step));
  return pieces;
}

describe("FormFieldWriter", () => {
  test.each(PAGES)(
    "a page - gets the same fields and meta as the HTMLRewriter gives it: %s",
    async (html) => {
      expect(withCsrfMarkup(html, markup)).toBe(await rewritten(html));
    },
  );

  test("a page cut into pieces at any point, pieces without a form bypassing the writer - gets what the HTMLRewriter gives the whole page", async () => {
    for (const html of PAGES) {
      const expected = await rewritten(html);
      for (let cut = 0; cut <= html.length; cut++) {
        for (const step of [1, 3, 7, cut || 1]) {
          const pieces = cuts(html, cut, step);
          expect(streamed(pieces)).toBe(expected.replace(markup.meta, ""));
          const writer = new FormFieldWriter(markup.field, markup.meta);
          expect(pieces.map((piece) => writer.feed(piece)).join("") + writer.flush()).toBe(expected);
        }
      }
    }
  });

  test("random HTML cut at random points - gets what the HTMLRewriter gives it, streamed or whole", async () => {
    const parts = [
      "<form method=post>",
      '<form method="get">',
      "<FORM Method='POST' a=b>",
      "</form>",
      "<!--",
      "-->",
      "--!>",
      "<!-->",
      "<script>",
      "</script>",
      "<!--<script>",
      "<style>",
      "</style>",
      "<textarea>",
      "</textarea>",
      "<title>",
      "</title>",
      '<p class="',
      '">',
      "'",
      "<",
      ">",
      "/",
      "-",
      "x",
      " ",
      "<!x",
      "<?",
      "</",
      "</p>",
      "<div title='<form method=post>'>",
      "<form",
      " method=post",
      "é",
    ];
    let seed = 7;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    for (let round = 0; round < 300; round++) {
      let html = "";
      for (let i = next(24) + 1; i > 0; i--) html += parts[next(parts.length)];
      const expected = await rewritten(html);
      expect(withCsrfMarkup(html, markup)).toBe(expected);
      const pieces: string[] = [];
      for (let at = 0; at < html.length; ) {
        const size = next(12) + 1;
        pieces.push(html.slice(at, at + size));
        at += size;
      }
      expect(streamed(pieces)).toBe(expected.replace(markup.meta, ""));
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
  test("template text after a variable in the head - gets the meta before its `</head>`", () => {
    expect(csrfSegments('">\n<style>a{}</style>\n</head>\n<body>')).toEqual([
      '">\n<style>a{}</style>\n',
      "meta",
      "</head>\n<body>",
    ]);
  });

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
  test("a chunk with a form start in any case, or ending in a possible start of one - is not free", () => {
    for (const text of ['<div><form method="post">', "<FoRm>", "x<", "x<f", "x<FOR", "x<form"])
      expect(formFree(bytes(text))).toBe(false);
  });
  test("a chunk that opens a comment, raw text or a tag it does not close - is not free", () => {
    for (const text of [
      "<p>a<!-- b",
      "<!-- b --",
      "<!-",
      "<script>x",
      "<script>a</script",
      "<style>a</sty",
      "<textarea>",
      "<title>t</title",
      '<p class="a>b',
      "<p class='x' ",
      "<!doctype html",
      "<? x",
      "</ x",
      "</p",
      "<script><!-- </script> --></script>",
      "<plaintext>a",
    ])
      expect(formFree(bytes(text))).toBe(false);
  });
  test("a chunk without one, whose comments, raw text and tags all end in it - is free", () => {
    for (const text of [
      "<div><p>formal</p></div>",
      "<fieldset>",
      "a < b",
      "",
      "<!--lit-part abc--><p>x</p><!--/lit-part--><!----><!-->",
      '<template shadowrootmode="open"><style>:host{display:block}</style></template>',
      `<script>const f = '<form method="post">';</script>`,
      "<textarea><form method=post></textarea >",
      '<p title="a>b">x</p><!DOCTYPE html></>',
    ])
      expect(formFree(bytes(text))).toBe(true);
  });
});
