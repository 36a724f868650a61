import { describe, expect, test } from "bun:test";
import {
  BATCH_CONTENT_TYPE,
  BatchDecoder,
  batchTarget,
  MAX_BATCH_PARTS,
  serveFragmentBatch,
} from "./fragment-batch.ts";
import type { WireAnswer } from "./wire.ts";
import { WireProtocolError } from "./wire-framing.ts";

const TP = (n: number) => `00-${"a".repeat(31)}${n}-${"b".repeat(15)}${n}-01`;
const origin = "http://svc.test";

/** Every part of a batch answer, decoded, in the order the frames came. */
async function partsOf(response: Response, count: number) {
  const decoder = new BatchDecoder(count);
  const parts: { index: number; status: number; type: string | null; body: string }[] = [];
  const emit = (index: number, answer: WireAnswer) =>
    parts.push({
      index,
      status: answer.status,
      type: answer.headers.get("content-type"),
      body: new TextDecoder().decode(answer.body as Uint8Array),
    });
  decoder.feed(new Uint8Array(await response.arrayBuffer()), emit);
  expect(decoder.done).toBe(true);
  return parts;
}

describe("serveFragmentBatch()", () => {
  test("parts dispatched as requests of their own - each answer with its status, headers and the caller's context", async () => {
    const seen: Request[] = [];
    const response = await serveFragmentBatch(
      new Request(
        origin +
          batchTarget("/fragments/batch", [
            { path: "/fragments/a?x=1", traceparent: TP(1) },
            { path: "/fragments/missing" },
          ]),
        {
          headers: { "accept-language": "de", traceparent: TP(9), connection: "keep-alive" },
        },
      ),
      {
        dispatch: (request) => {
          seen.push(request);
          const path = new URL(request.url).pathname;
          return path === "/fragments/a"
            ? new Response(`<p>a ${new URL(request.url).searchParams.get("x")}</p>`, {
                headers: { "content-type": "text/html", "cache-control": "max-age=60" },
              })
            : new Response("no such fragment", { status: 404, headers: { "content-type": "text/plain" } });
        },
      },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(BATCH_CONTENT_TYPE);
    const parts = await partsOf(response, 2);
    expect(parts.sort((x, y) => x.index - y.index)).toEqual([
      { index: 0, status: 200, type: "text/html", body: "<p>a 1</p>" },
      { index: 1, status: 404, type: "text/plain", body: "no such fragment" },
    ]);
    // the part's own traceparent, else the batch's; the caller's headers, no hop-by-hop ones
    expect(seen.map((r) => r.headers.get("traceparent"))).toEqual([TP(1), TP(9)]);
    expect(seen.map((r) => r.headers.get("accept-language"))).toEqual(["de", "de"]);
    expect(seen.map((r) => r.headers.get("connection"))).toEqual([null, null]);
  });

  test("a slow part - the others are sent at once, the slow one streamed after them", async () => {
    let release = () => {};
    const slow = new Promise<void>((resolve) => (release = resolve));
    const response = await serveFragmentBatch(
      new Request(
        origin + batchTarget("/fragments/batch", [{ path: "/fragments/slow" }, { path: "/fragments/fast" }]),
      ),
      {
        part: (path) =>
          path === "/fragments/slow"
            ? slow.then(() => ({ status: 200, headers: { "content-type": "text/html" }, body: "slow" }))
            : { status: 200, headers: { "content-type": "text/html" }, body: "fast" },
      },
    );
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new BatchDecoder(2);
    const got: string[] = [];
    const emit = (index: number, answer: WireAnswer) =>
      got.push(`${index}:${new TextDecoder().decode(answer.body as Uint8Array)}`);
    decoder.feed((await reader.read()).value as Uint8Array, emit);
    expect(got).toEqual(["1:fast"]);
    release();
    for (let next = await reader.read(); !next.done; next = await reader.read())
      decoder.feed(next.value, emit);
    expect(got).toEqual(["1:fast", "0:slow"]);
  });

  test("text beyond ASCII - each part's length counted in bytes, its body and header values as sent", async () => {
    const target =
      origin + batchTarget("/fragments/batch", [{ path: "/fragments/a" }, { path: "/fragments/b" }]);
    const bodies: Record<string, string> = {
      "/fragments/a": "<p>Grüße € 🧵</p>",
      "/fragments/b": "<p>plain</p>",
    };
    // a header value is bytes: é is sent as latin1, as a Response's own header would be
    const headers = (path: string) => ({
      "content-type": "text/html",
      "x-team": path.endsWith("a") ? "café" : "x",
    });
    const answers = [
      await serveFragmentBatch(new Request(target), {
        part: (path) => ({ status: 200, headers: headers(path), body: bodies[path] as string }),
      }),
      await serveFragmentBatch(new Request(target), {
        dispatch: (request) => {
          const path = new URL(request.url).pathname;
          return new Response(bodies[path], { headers: headers(path) });
        },
      }),
    ];
    for (const response of answers) {
      const decoder = new BatchDecoder(2);
      const got: Record<number, { body: string; team: string | null }> = {};
      decoder.feed(new Uint8Array(await response.arrayBuffer()), (index, answer) => {
        got[index] = {
          body: new TextDecoder().decode(answer.body as Uint8Array),
          team: answer.headers.get("x-team"),
        };
      });
      expect(got).toEqual({
        0: { body: "<p>Grüße € 🧵</p>", team: "café" },
        1: { body: "<p>plain</p>", team: "x" },
      });
    }
  });

  test("a part that throws - framed as a 502 problem, the other part answered", async () => {
    const response = await serveFragmentBatch(
      new Request(
        origin + batchTarget("/fragments/batch", [{ path: "/fragments/boom" }, { path: "/fragments/ok" }]),
      ),
      {
        dispatch: (request) => {
          if (request.url.endsWith("boom")) throw new Error("database gone");
          return new Response("ok", { headers: { "content-type": "text/html" } });
        },
      },
    );
    const parts = (await partsOf(response, 2)).sort((x, y) => x.index - y.index);
    expect(parts[0]?.status).toBe(502);
    expect(parts[0]?.type).toBe("application/problem+json");
    expect(JSON.parse(parts[0]?.body ?? "").detail).toContain("database gone");
    expect(parts[1]).toEqual({ index: 1, status: 200, type: "text/html", body: "ok" });
  });

  test.each([
    ["no parts", "/fragments/batch", "none given"],
    [
      "too many parts",
      batchTarget(
        "/fragments/batch",
        Array.from({ length: MAX_BATCH_PARTS + 1 }, () => ({ path: "/fragments/a" })),
      ),
      `at most ${MAX_BATCH_PARTS} parts`,
    ],
    [
      "a path outside the fragments",
      batchTarget("/fragments/batch", [{ path: "/ops/secrets" }]),
      '"/ops/secrets"',
    ],
    [
      "the batch itself",
      batchTarget("/fragments/batch", [{ path: "/fragments/batch?p=x" }]),
      "is not a fragment path",
    ],
    ["another host", batchTarget("/fragments/batch", [{ path: "//evil.test/fragments/a" }]), "//evil.test"],
    ["a malformed traceparent", "/fragments/batch?p=%2Ffragments%2Fa&t=00-zz", "traceparent"],
    [
      "traceparents not matching the parts",
      "/fragments/batch?p=%2Ffragments%2Fa&p=%2Ffragments%2Fb&t=",
      "2 p, 1 t",
    ],
    ["a malformed escape", "/fragments/batch?p=%E0%A4%A", "%-escape"],
  ])("%s - a 422 problem naming it, nothing dispatched", async (_case, target, detail) => {
    let dispatched = 0;
    const response = await serveFragmentBatch(new Request(origin + target), {
      dispatch: () => {
        dispatched++;
        return new Response("x");
      },
    });
    expect(response.status).toBe(422);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(((await response.json()) as { detail: string }).detail).toContain(detail);
    expect(dispatched).toBe(0);
  });
});

describe("BatchDecoder", () => {
  const frames =
    "1\r\nHTTP/1.1 200 \r\ncontent-type: text/html\r\ncontent-length: 5\r\n\r\n<b/>\n" +
    "0\r\nHTTP/1.1 404 \r\ncontent-length: 0\r\n\r\n";

  test("frames cut at every byte - the same parts, each as soon as it is whole", () => {
    const bytes = Buffer.from(frames);
    for (let cut = 1; cut < bytes.byteLength; cut++) {
      const decoder = new BatchDecoder(2);
      const got: string[] = [];
      const emit = (index: number, answer: WireAnswer) =>
        got.push(`${index} ${answer.status} ${Buffer.from(answer.body as Uint8Array).toString()}`);
      decoder.feed(bytes.subarray(0, cut), emit);
      decoder.feed(bytes.subarray(cut), emit);
      expect(got).toEqual(["1 200 <b/>\n", "0 404 "]);
      expect(decoder.done).toBe(true);
    }
  });

  test.each([
    ["an index out of range", "2\r\nHTTP/1.1 200 \r\ncontent-length: 0\r\n\r\n", "bad part index"],
    [
      "a part twice",
      "0\r\nHTTP/1.1 200 \r\ncontent-length: 0\r\n\r\n0\r\nHTTP/1.1 200 \r\ncontent-length: 0\r\n\r\n",
      "came twice",
    ],
    ["no content-length", "0\r\nHTTP/1.1 200 \r\ntransfer-encoding: chunked\r\n\r\n", "no content-length"],
    ["a malformed head", "0\r\nHTTP/9 200\r\n\r\n", "malformed status line"],
  ])("%s - a protocol error naming it", (_case, text, message) => {
    const decoder = new BatchDecoder(2);
    expect(() => decoder.feed(Buffer.from(text), () => {})).toThrow(WireProtocolError);
    expect(() => new BatchDecoder(2).feed(Buffer.from(text), () => {})).toThrow(message);
  });
});
