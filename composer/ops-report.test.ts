import { describe, expect, test } from "bun:test";
import { eventually } from "@tessera/chassis/bus/conformance";
import { silentLogger } from "@tessera/chassis/log";
import { createMetrics } from "@tessera/chassis/metrics";
import { createMemoryRegistry } from "@tessera/chassis/registry";
import { createBreakers } from "./discovery/breakers.ts";
import { createDiscovery } from "./discovery/discovery.ts";
import { startOpsReport } from "./ops-report.ts";
import { fakeInstance } from "./testing/fake-service.ts";

describe("startOpsReport()", () => {
  test("once listening - posts its id, version, URL and every instance's breaker to ops, again each interval", async () => {
    const reports: Record<string, unknown>[] = [];
    const ops = Bun.serve({
      port: 0,
      hostname: "127.0.0.1",
      fetch: async (request) => {
        if (new URL(request.url).pathname === "/ingest/composer") reports.push(await request.json());
        return new Response(null, { status: 204 });
      },
    });
    const registry = createMemoryRegistry();
    const catalog = await fakeInstance(registry, "catalog", () => new Response("ok"), "catalog-1");
    const discovery = await createDiscovery({
      registry,
      allowedHosts: new Set(["127.0.0.1"]),
      log: silentLogger,
      metrics: createMetrics({ service: "composer", version: "1", processMetrics: false }),
      refreshMs: 60_000,
    });
    const breakers = createBreakers({ failures: 1, halfOpenAfterMs: 60_000, log: silentLogger });
    await breakers.call("catalog-1", () => Promise.reject(new Error("down"))).catch(() => {});
    const report = startOpsReport({
      opsUrl: `http://127.0.0.1:${ops.port}`,
      version: "2.0.0",
      discovery,
      breakers,
      intervalMs: 20,
    });
    await Bun.sleep(60);
    expect(reports).toEqual([]); // nothing before it listens: ops could not scrape it
    report.listening("http://0.0.0.0:3000/", "0.0.0.0");
    await eventually(() => reports.length >= 2, 5000, "two reports");
    expect(reports[0]).toMatchObject({
      version: "2.0.0",
      url: "http://composer:3000",
      breakers: [{ instance: "catalog-1", service: "catalog", url: catalog.url, state: "open" }],
    });
    expect(String(reports[0]?.id)).toMatch(/^composer-/);
    report.stop();
    discovery.stop();
    await catalog.stop();
    ops.stop(true);
  });
});
