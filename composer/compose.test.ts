import { describe, expect, test } from "bun:test";
import { compose, type FragmentResult, PageFailure } from "./compose.ts";
import { type FragmentSlot, parseTemplate } from "./template/parse.ts";

const ok = (html: string): FragmentResult => ({
  status: 200,
  headers: new Headers(),
  body: html,
  fallback: false,
});
const later = <T>(ms: number, value: T) => new Promise<T>((r) => setTimeout(() => r(value), ms));

const template = parseTemplate(
  "t",
  '<html><head><title>{{title}}</title></head><body><tessera-fragment service="a" name="one"></tessera-fragment>|<tessera-fragment service="a" name="two"></tessera-fragment></body></html>',
);

async function readAll(response: Response): Promise<string> {
  return response.text();
}

describe("compose()", () => {
  test("a slow fragment - the head leaves before the fragment answers", async () => {
    let answered = false;
    const response = await compose(template, {
      vars: { title: "Hi" },
      nonce: "n",
      resolve: async () => {
        await later(300, undefined);
        answered = true;
        return ok("<p>slow</p>");
      },
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(answered).toBe(false);
    // everything above the slow fragment, variables included, leaves at once and in one piece
    expect(new TextDecoder().decode(first.value)).toBe("<html><head><title>Hi</title></head><body>");
    let rest = "";
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
      rest += new TextDecoder().decode(chunk.value);
    expect(rest).toContain("<p>slow</p>");
  });

  test("fragments answering out of order - are streamed in template order", async () => {
    const response = await compose(template, {
      vars: { title: "T" },
      nonce: "n",
      resolve: (slot: FragmentSlot) => (slot.name === "one" ? later(80, ok("ONE")) : later(5, ok("TWO"))),
    });
    expect(await readAll(response)).toBe("<html><head><title>T</title></head><body>ONE|TWO</body></html>");
  });

  test("fragments - are all requested at once, not one after the other", async () => {
    const started: number[] = [];
    const t0 = performance.now();
    const response = await compose(template, {
      vars: {},
      nonce: "n",
      resolve: (slot) => {
        started.push(performance.now() - t0);
        return later(slot.name === "one" ? 100 : 10, ok(slot.name));
      },
    });
    await readAll(response);
    expect(started).toHaveLength(2);
    expect(started[1] as number).toBeLessThan(50);
  });

  test("a streamed fragment body - is piped through chunk by chunk", async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("<a>"));
        controller.enqueue(new TextEncoder().encode("</a>"));
        controller.close();
      },
    });
    const response = await compose(template, {
      vars: {},
      nonce: "n",
      resolve: async (slot) =>
        slot.name === "one" ? { status: 200, headers: new Headers(), body, fallback: false } : ok("b"),
    });
    expect(await readAll(response)).toContain("<body><a></a>|b</body>");
  });

  test("a primary fragment answering 404 - fails the page with that status", async () => {
    const primary = parseTemplate(
      "p",
      'x<tessera-fragment service="a" name="p" tier="primary"></tessera-fragment>',
    );
    const error = await compose(primary, {
      vars: {},
      nonce: "n",
      resolve: async () => ({ status: 404, headers: new Headers(), body: "", fallback: false }),
    }).catch((e) => e);
    expect(error).toBeInstanceOf(PageFailure);
    expect(error.status).toBe(404);
  });

  test("a primary fragment redirecting - fails the page with the redirect's location", async () => {
    const primary = parseTemplate(
      "p",
      'x<tessera-fragment service="a" name="p" tier="primary"></tessera-fragment>',
    );
    const error = await compose(primary, {
      vars: {},
      nonce: "n",
      resolve: async () => ({
        status: 302,
        headers: new Headers({ location: "/elsewhere" }),
        body: "",
        fallback: false,
      }),
    }).catch((e) => e);
    expect(error).toMatchObject({ status: 302, location: "/elsewhere" });
  });

  test("a required fragment falling back - fails the page; an optional one does not", async () => {
    const required = parseTemplate(
      "r",
      '<tessera-fragment service="a" name="r" tier="required"></tessera-fragment>',
    );
    const fallback: FragmentResult = { status: 504, headers: new Headers(), body: "fb", fallback: true };
    expect(compose(required, { vars: {}, nonce: "n", resolve: async () => fallback })).rejects.toBeInstanceOf(
      PageFailure,
    );
    const optional = parseTemplate("o", '<tessera-fragment service="a" name="o"></tessera-fragment>');
    expect(
      await readAll(await compose(optional, { vars: {}, nonce: "n", resolve: async () => fallback })),
    ).toBe("fb");
  });
});

describe("compose() with the page's CSRF markup", () => {
  const markup = {
    field: '<input type="hidden" name="_csrf" value="T">',
    meta: '<meta name="tessera-csrf" content="T">',
  };
  /** A body arriving in small pieces, so form tags are cut across chunks. */
  const chunked = (html: string, size: number): FragmentResult => {
    const bytes = new TextEncoder().encode(html);
    return {
      ...ok(""),
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < bytes.length; i += size) controller.enqueue(bytes.slice(i, i + size));
          controller.close();
        },
      }),
    };
  };
  const page = parseTemplate(
    "t",
    '<html><head><title>t</title></head><body><form method="post" action="/t"></form><tessera-fragment service="a" name="one"></tessera-fragment><tessera-fragment service="a" name="late" tier="deferred"><form method="post" action="/wait">…</form></tessera-fragment><tessera-fragment service="a" name="gone"><form method="post" action="/fallback"></form></tessera-fragment></body></html>',
  );
  const bodies: Record<string, string> = {
    one: '<div><form method="post" action="/one"><input name="q"></form><form action="/search"></form><tessera-fragment service="a" name="inner"></tessera-fragment></div>',
    inner: '<FORM METHOD=POST action="/inner"></FORM><p>formal</p>',
    late: '<form method="post" action="/late"></form>',
  };

  test("fragments cut into chunks of any size, nested, deferred or failed - every POST form gets the field once, the head the meta", async () => {
    for (const size of [1, 2, 5, 7, 13, 64, 4096]) {
      const resolve = async (slot: FragmentSlot) => {
        const html = bodies[slot.name];
        if (html === undefined) return { ...ok(slot.fallback), fallback: true };
        return chunked(html, size);
      };
      const html = await (await compose(page, { vars: {}, nonce: "n", resolve, csrf: markup })).text();
      expect(html).toContain(`<title>t</title>${markup.meta}</head>`);
      for (const action of ["/t", "/one", "/inner", "/late", "/fallback"])
        expect(html).toMatch(
          new RegExp(
            `<form method=?"?post"? action="${action}">${markup.field}[^<]*<(?!input type="hidden")`,
            "i",
          ),
        );
      expect(html.split(markup.field).length - 1).toBe(6); // the deferred placeholder's form too
      expect(html).toContain('<form action="/search"></form>');
    }
  });
});

describe("compose() with bodies that came whole (Uint8Array)", () => {
  const bytes = (html: string): FragmentResult => ({ ...ok(""), body: new TextEncoder().encode(html) });
  const page = parseTemplate(
    "w",
    '<body><tessera-fragment service="a" name="plain"></tessera-fragment>|<tessera-fragment service="a" name="nests"></tessera-fragment>|<tessera-fragment service="a" name="form"></tessera-fragment>|<tessera-fragment service="a" name="empty"></tessera-fragment>|<tessera-fragment service="a" name="late" tier="deferred"></tessera-fragment></body>',
  );
  const bodies: Record<string, string> = {
    plain: "<p>plain</p>",
    nests: '<div><tessera-fragment service="a" name="inner"></tessera-fragment></div>',
    inner: "<i>inner</i>",
    form: '<form method="post" action="/f"></form>',
    empty: "",
    late: '<b>late</b><tessera-fragment service="a" name="inner"></tessera-fragment>',
  };
  const resolve = async (slot: FragmentSlot) => bytes(bodies[slot.name] ?? "?");

  test("a plain body - written as the very bytes it came as, one chunk", async () => {
    const body = new TextEncoder().encode("<p>plain</p>");
    const single = parseTemplate("s", '<tessera-fragment service="a" name="plain"></tessera-fragment>');
    const reader = (
      (await compose(single, { vars: {}, nonce: "n", resolve: async () => ({ ...ok(""), body }) }))
        .body as ReadableStream<Uint8Array>
    ).getReader();
    expect((await reader.read()).value).toBe(body);
    expect((await reader.read()).done).toBe(true);
  });

  test("whole bodies with nested tags, POST forms, nothing, or deferred - nested resolved, the field added", async () => {
    const markup = { field: '<input type="hidden" name="_csrf" value="T">', meta: "<meta>" };
    const html = await (await compose(page, { vars: {}, nonce: "n", resolve, csrf: markup })).text();
    expect(html).toStartWith(
      `<body><p>plain</p>|<div><i>inner</i></div>|<form method="post" action="/f">${markup.field}</form>||`,
    );
    expect(html).toContain('data-tessera-deferred-content="a/late"><b>late</b><i>inner</i></div>');
  });
});
