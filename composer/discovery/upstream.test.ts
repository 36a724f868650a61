import { afterEach, describe, expect, test } from "bun:test";
import { AppError } from "@tessera/chassis/errors";
import { createMemoryRegistry } from "@tessera/chassis/registry";
import { type FakeInstance, fakeInstance } from "../testing/fake-service.ts";
import { upstreamOver } from "../testing/upstream.ts";

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

/** An upstream over two catalog instances: `a` answers `statusOfA`, `b` answers 200. */
async function twoInstances(statusOfA: number) {
  const registry = createMemoryRegistry();
  const answer = (label: string, status: number) => () =>
    new Response(`<p>${label}</p>`, { status, headers: { "content-type": "text/html" } });
  const a: FakeInstance = await fakeInstance(registry, "catalog", answer("a", statusOfA), "catalog-a");
  const b: FakeInstance = await fakeInstance(registry, "catalog", answer("b", 200), "catalog-b");
  cleanup.push(
    () => a.stop(),
    () => b.stop(),
  );
  const { upstream, stop } = await upstreamOver(registry);
  cleanup.push(stop);
  return { upstream, a, b };
}

const text = (body: Uint8Array | ReadableStream<Uint8Array>) =>
  body instanceof Uint8Array ? new TextDecoder().decode(body) : new Response(body).text();

describe("Upstream.fragment()", () => {
  test("two healthy instances - answers come from both in turn, each body one Uint8Array", async () => {
    const { upstream } = await twoInstances(200);
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await upstream.fragment("catalog", "/fragment"));
    expect(answers.map((r) => r.answer.body instanceof Uint8Array)).toEqual([true, true, true, true]);
    expect(new Set(await Promise.all(answers.map((r) => text(r.answer.body))))).toEqual(
      new Set(["<p>a</p>", "<p>b</p>"]),
    );
  });

  test("an instance answering 503 to a GET - retried once on the other, whose answer is returned", async () => {
    const { upstream, a, b } = await twoInstances(503);
    for (let i = 0; i < 4; i++) {
      const { answer, instance } = await upstream.fragment("catalog", "/fragment");
      expect(answer.status).toBe(200);
      expect(instance.id).toBe("catalog-b");
      expect(await text(answer.body)).toBe("<p>b</p>");
    }
    expect(a.requests.length).toBeGreaterThan(0);
    expect(b.requests).toHaveLength(4);
  });

  test("an instance answering 503 to a POST - not retried: its 503 is the answer", async () => {
    const { upstream, a, b } = await twoInstances(503);
    const statuses: number[] = [];
    for (let i = 0; i < 2; i++)
      statuses.push(
        (await upstream.fragment("catalog", "/fragment", { method: "POST", body: "x" })).answer.status,
      );
    expect(statuses.sort()).toEqual([200, 503]);
    expect(a.requests).toHaveLength(1);
    expect(b.requests).toHaveLength(1);
  });

  test("a service nobody registered - an AppError not_found naming it", async () => {
    const { upstream } = await twoInstances(200);
    const error = await upstream.fragment("nobody", "/fragment").catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe("not_found");
    expect(error.message).toContain('"nobody"');
  });
});
