import { afterEach, describe, expect, test } from "bun:test";
import { memoryDestination } from "@tessera/chassis/log";
import { createMemoryRegistry } from "@tessera/chassis/registry";
import { createComposer } from "../app.ts";
import { type FakeInstance, fakeInstance } from "../testing/fake-service.ts";

/** An instance of "catalog" whose /api/who answers its own name, or the status the test sets. */
function catalogAnswering(label: string, status: { code: number }) {
  return () =>
    status.code === 200 ? Response.json({ label }) : new Response("down", { status: status.code });
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

async function setup(env: Record<string, string> = {}) {
  const registry = createMemoryRegistry();
  const logs = memoryDestination();
  const composer = await createComposer({
    registry,
    env: { LOG_LEVEL: "info", ...env },
    logDestination: logs,
    shellDist: "/nonexistent",
    templates: {},
  });
  cleanup.push(() => composer.close());
  const start = async (label: string, status = { code: 200 }): Promise<FakeInstance> => {
    const fake = await fakeInstance(registry, "catalog", catalogAnswering(label, status), `catalog-${label}`);
    cleanup.push(() => fake.stop());
    await composer.discovery.refresh();
    return fake;
  };
  const who = async () => {
    const response = await composer.app.request("/api/catalog/who");
    return response.ok ? ((await response.json()) as { label: string }).label : response.status;
  };
  return { registry, composer, logs, start, who };
}

describe("discovery — instances joining and leaving", () => {
  test("two catalog instances - both get traffic, in turn", async () => {
    const { start, who } = await setup();
    await start("a");
    await start("b");
    const seen = [await who(), await who(), await who(), await who()];
    expect(seen.filter((l) => l === "a").length).toBe(2);
    expect(seen.filter((l) => l === "b").length).toBe(2);
  });

  test("one of two instances deregisters - all traffic goes to the other", async () => {
    const { start, who, composer } = await setup();
    const a = await start("a");
    await start("b");
    await a.stop();
    await composer.discovery.refresh();
    expect([await who(), await who(), await who()]).toEqual(["b", "b", "b"]);
  });

  test("an instance joining - gets traffic without restarting the composer", async () => {
    const { start, who, composer } = await setup();
    await start("a");
    expect(await who()).toBe("a");
    await start("b");
    await composer.discovery.refresh();
    expect(new Set([await who(), await who()])).toEqual(new Set(["a", "b"]));
  });

  test("a registration on a host outside the allowlist - never gets traffic, and is logged and counted", async () => {
    const { registry, start, who, composer, logs } = await setup();
    await start("a");
    await registry.put({
      id: "catalog-evil",
      name: "catalog",
      version: "1.0.0",
      url: "http://attacker.example:80",
      health: "up",
      manifest: "/fragments/manifest.json",
      renewedAt: Date.now(),
    });
    await composer.discovery.refresh();
    expect([await who(), await who(), await who()]).toEqual(["a", "a", "a"]);
    expect(
      logs.lines.some(
        (l) => l.msg === "registry entry refused" && String(l.reason).includes("attacker.example"),
      ),
    ).toBe(true);
    const metrics = await (await composer.app.request("/metrics")).text();
    expect(metrics).toMatch(
      /composer_registry_rejected_total\{reason="host-not-allowed",service="composer"\} 1/,
    );
  });
});

describe("resilience — circuit breaker per instance and retry budget", () => {
  test("an instance failing a GET - the request is retried once on another instance", async () => {
    const { start, who } = await setup();
    await start("a", { code: 503 });
    await start("b");
    expect([await who(), await who(), await who(), await who()]).toEqual(["b", "b", "b", "b"]);
  });

  test("a failing POST - is not retried on another instance", async () => {
    const { start, composer } = await setup();
    const a = await start("a", { code: 503 });
    const b = await start("b");
    const response = await composer.app.request("/api/catalog/who", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '"x"',
    });
    const answered = a.requests.length + b.requests.length;
    expect(answered).toBe(1);
    expect(response.status === 503 ? a.requests.length : b.requests.length).toBe(1);
  });

  test("consecutive failures - open the circuit, a probe after the pause half-opens it, a success closes it", async () => {
    const { start, who, logs } = await setup({
      BREAKER_FAILURES: "2",
      BREAKER_HALF_OPEN_MS: "100",
      RETRY_BUDGET_RATIO: "0",
    });
    const status = { code: 500 };
    const a = await start("a", status);
    // Closed: failures reach the instance until two in a row open the circuit.
    expect(await who()).toBe(500);
    expect(await who()).toBe(500);
    expect(logs.lines.some((l) => String(l.msg).startsWith("circuit opened"))).toBe(true);
    // Open: the instance gets no traffic at all.
    const before = a.requests.length;
    expect(await who()).toBe(503);
    expect(a.requests.length).toBe(before);
    // Half-open: after the pause one probe goes through; it succeeds and closes the circuit.
    status.code = 200;
    await Bun.sleep(150);
    expect(await who()).toBe("a");
    expect(logs.lines.some((l) => String(l.msg).startsWith("circuit half-open"))).toBe(true);
    expect(logs.lines.some((l) => String(l.msg).startsWith("circuit closed"))).toBe(true);
    expect(await who()).toBe("a");
  });

  test("a failed probe - opens the circuit again", async () => {
    const { start, who } = await setup({
      BREAKER_FAILURES: "1",
      BREAKER_HALF_OPEN_MS: "100",
      RETRY_BUDGET_RATIO: "0",
    });
    const a = await start("a", { code: 500 });
    expect(await who()).toBe(500);
    await Bun.sleep(150);
    expect(await who()).toBe(500);
    const before = a.requests.length;
    expect(await who()).toBe(503);
    expect(a.requests.length).toBe(before);
  });
});
