import { describe, expect, test } from "bun:test";
import { compose, type FragmentResult } from "./compose.ts";
import { type FragmentSlot, parseTemplate } from "./template/parse.ts";

const ok = (body: FragmentResult["body"]): FragmentResult => ({
  status: 200,
  headers: new Headers(),
  body,
  fallback: false,
});
const page = (inner: string) => parseTemplate("page", `<html><body>${inner}</body></html>`);
const tag = (name: string, extra = "") =>
  `<tessera-fragment service="t" name="${name}"${extra}></tessera-fragment>`;

/** A stream whose chunks are released one by one by the test. */
function controlledStream() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
  });
  const encoder = new TextEncoder();
  return {
    stream,
    push: (text: string) => controller.enqueue(encoder.encode(text)),
    end: () => controller.close(),
  };
}

describe("compose() — nested fragments", () => {
  test("a fragment containing a fragment tag - the nested fragment is resolved in place", async () => {
    const bodies: Record<string, string> = {
      header: `<header>${tag("mini-cart")}</header>`,
      "mini-cart": "<b>2 items</b>",
    };
    const response = await compose(page(tag("header")), {
      vars: {},
      nonce: "n",
      resolve: async (slot) => ok(bodies[slot.name] ?? ""),
    });
    expect(await response.text()).toBe("<html><body><header><b>2 items</b></header></body></html>");
  });

  test("a nested tag split across chunks - starts its request as soon as the tag is complete, before the parent ends", async () => {
    const parent = controlledStream();
    const requested: string[] = [];
    const response = compose(page(tag("header")), {
      vars: {},
      nonce: "n",
      resolve: async (slot) => {
        requested.push(slot.name);
        return slot.name === "header" ? ok(parent.stream) : ok("<i>cart</i>");
      },
    });
    const text = (await response).text();
    parent.push("<header><tessera-frag");
    parent.push('ment service="t" name="mini-cart"></tessera-fragment>');
    await Bun.sleep(0);
    await Bun.sleep(0);
    expect(requested).toEqual(["header", "mini-cart"]);
    parent.push("</header>");
    parent.end();
    expect(await text).toBe("<html><body><header><i>cart</i></header></body></html>");
  });

  test("fragments nested in two parents - both requested as the parents arrive: the second parent's waits on nothing above it", async () => {
    const requested: string[] = [];
    let releaseSlow!: () => void;
    const slow = new Promise<void>((resolve) => {
      releaseSlow = resolve;
    });
    const bodies: Record<string, string> = {
      a: `<a>${tag("a1")}</a>`,
      b: `<b>${tag("b1")}</b>`,
      a1: "A1",
      b1: "B1",
    };
    const response = compose(page(tag("a") + tag("b")), {
      vars: {},
      nonce: "n",
      resolve: async (slot) => {
        requested.push(slot.name);
        // a's child answers only when the test says so: b's child must not wait for it
        if (slot.name === "a1") await slow;
        return ok(new TextEncoder().encode(bodies[slot.name] ?? ""));
      },
    });
    const text = (await response).text();
    for (let i = 0; i < 5; i++) await Bun.sleep(0);
    expect(requested.sort()).toEqual(["a", "a1", "b", "b1"]);
    releaseSlow();
    expect(await text).toBe("<html><body><a>A1</a><b>B1</b></body></html>");
  });

  test("a primary fragment that fails - the bodies of fragments already nested in its siblings are dropped", async () => {
    const cancelled: string[] = [];
    const stream = (name: string) =>
      new ReadableStream<Uint8Array>({
        cancel: () => void cancelled.push(name),
      });
    let releasePrimary!: () => void;
    const primaryLater = new Promise<void>((resolve) => {
      releasePrimary = resolve;
    });
    const response = compose(page(tag("main", ' tier="primary"') + tag("aside")), {
      vars: {},
      nonce: "n",
      resolve: async (slot) => {
        if (slot.name === "main") {
          await primaryLater;
          return { status: 404, headers: new Headers(), body: "", fallback: false };
        }
        if (slot.name === "aside") return ok(new TextEncoder().encode(`<aside>${tag("ad")}</aside>`));
        return ok(stream(slot.name));
      },
    });
    for (let i = 0; i < 5; i++) await Bun.sleep(0);
    releasePrimary();
    await expect(response).rejects.toThrow();
    for (let i = 0; i < 5; i++) await Bun.sleep(0);
    expect(cancelled).toEqual(["ad"]);
  });

  test("a fragment that includes itself through another - the cycle falls back with a comment naming it", async () => {
    const errors: string[] = [];
    const bodies: Record<string, string> = { a: `A[${tag("b")}]`, b: `B[${tag("a", "")}]` };
    const response = await compose(page(tag("a")), {
      vars: {},
      nonce: "n",
      resolve: async (slot) => ok(bodies[slot.name] ?? ""),
      onNestingError: (message) => errors.push(message),
    });
    const html = await response.text();
    expect(html).toContain("A[B[<!-- tessera: fragment cycle t/a > t/b > t/a -->");
    expect(html).toContain('<div data-boundary="t/a" data-fallback="true"></div>]]');
    expect(errors).toEqual(["fragment cycle t/a > t/b > t/a"]);
  });

  test("nesting deeper than the limit - the too-deep slot falls back with a comment", async () => {
    const errors: string[] = [];
    const response = await compose(page(tag("l1")), {
      vars: {},
      nonce: "n",
      maxDepth: 2,
      resolve: async (slot: FragmentSlot) => ok(`${slot.name}(${tag(`l${Number(slot.name.slice(1)) + 1}`)})`),
      onNestingError: (message) => errors.push(message),
    });
    const html = await response.text();
    expect(html).toContain("l1(l2(<!-- tessera: fragment nesting deeper than 2: t/l1 > t/l2 > t/l3 -->");
    expect(errors.length).toBe(1);
  });

  test("nested fragments - are handed to the end hook (late federation data) before </body>", async () => {
    const response = await compose(page(tag("header")), {
      vars: {},
      nonce: "n",
      resolve: async (slot) => ok(slot.name === "header" ? tag("mini-cart") : "x"),
      end: (nested) => `<!--${nested.map((s) => s.name).join(",")}-->`,
    });
    expect(await response.text()).toBe("<html><body>x<!--mini-cart--></body></html>");
  });
});

describe("compose() — deferred fragments and the CSP nonce", () => {
  test("a deferred fragment - a placeholder in place, its content at the end with a nonce'd script that moves it", async () => {
    const response = await compose(
      page(
        `<p>top</p><tessera-fragment service="t" name="recs" tier="deferred">Loading…</tessera-fragment><p>below</p>`,
      ),
      {
        vars: {},
        nonce: "abc",
        resolve: async () => ok("<ul>recs</ul>"),
      },
    );
    const html = await response.text();
    expect(html).toContain(
      '<p>top</p><div id="tessera-deferred-1" data-tessera-deferred="t/recs" aria-busy="true">Loading…</div><p>below</p>',
    );
    expect(html).toMatch(
      /<div id="tessera-deferred-1-content" data-tessera-deferred-content="t\/recs"><ul>recs<\/ul><\/div><script nonce="abc">.*<\/script><\/body>/,
    );
    expect(response.headers.get("content-security-policy")).toBe(
      "script-src 'nonce-abc' 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'",
    );
  });

  test("a slow deferred fragment - does not hold back what is below it, and deferred ones arrive in the order they finish", async () => {
    let releaseSlow!: () => void;
    const slow = new Promise<void>((r) => {
      releaseSlow = r;
    });
    const response = await compose(
      page(`${tag("slow", ' tier="deferred"')}${tag("fast", ' tier="deferred"')}<p>below</p>`),
      {
        vars: {},
        nonce: "n",
        resolve: async (slot) => {
          if (slot.name === "slow") await slow;
          return ok(`<i>${slot.name}</i>`);
        },
      },
    );
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let seen = "";
    while (!seen.includes("<i>fast</i>")) seen += new TextDecoder().decode((await reader.read()).value);
    expect(seen).toContain("<p>below</p>");
    expect(seen).not.toContain("<i>slow</i>");
    releaseSlow();
    for (let c = await reader.read(); !c.done; c = await reader.read())
      seen += new TextDecoder().decode(c.value);
    expect(seen.indexOf("<i>fast</i>")).toBeLessThan(seen.indexOf("<i>slow</i>"));
  });
});
