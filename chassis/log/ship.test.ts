import { describe, expect, test } from "bun:test";
import { eventually } from "../bus/conformance.ts";
import { createLogger } from "./index.ts";
import { createLogShipper } from "./ship.ts";

/** A local ingestion endpoint: records each batch; answers `status()` (200 by default). */
function endpoint(status: () => number = () => 200) {
  const batches: string[][] = [];
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(request) {
      const code = status();
      if (code === 200) batches.push((await request.text()).trim().split("\n"));
      return new Response(null, { status: code });
    },
  });
  return { url: `http://127.0.0.1:${server.port}/ingest/logs`, batches, stop: () => server.stop(true) };
}

describe("createLogShipper()", () => {
  test("a logger shipping to ops - every line arrives as NDJSON, in batches, with service and trace fields", async () => {
    const ops = endpoint();
    const shipper = createLogShipper({ url: ops.url, batchSize: 2, intervalMs: 20 });
    const log = createLogger({
      service: "svc",
      version: "1.0.0",
      destination: { write() {} },
      ship: shipper,
    });
    for (let i = 0; i < 5; i++) log.info({ i }, "line");
    await shipper.close();
    const lines = ops.batches.flat().map((l) => JSON.parse(l));
    expect(lines.map((l) => l.i)).toEqual([0, 1, 2, 3, 4]);
    expect(lines[0]).toMatchObject({ service: "svc", version: "1.0.0", msg: "line", level: "info" });
    expect(Math.max(...ops.batches.map((b) => b.length))).toBeLessThanOrEqual(2);
    expect(shipper.stats()).toEqual({ shipped: 5, dropped: 0, failures: 0, buffered: 0 });
    ops.stop();
  });

  test("ops answering 503 - the batch is kept and sent again once ops is back", async () => {
    let down = true;
    const ops = endpoint(() => (down ? 503 : 200));
    const shipper = createLogShipper({ url: ops.url, intervalMs: 10, maxBackoffMs: 20 });
    shipper.write('{"n":1}\n');
    await eventually(() => shipper.stats().failures >= 2, 5000, "two failed attempts");
    expect(shipper.stats().buffered).toBe(1);
    down = false;
    await eventually(() => shipper.stats().shipped === 1, 5000, "the line shipped after ops came back");
    expect(ops.batches).toEqual([['{"n":1}']]);
    await shipper.close();
    ops.stop();
  });

  test("a full buffer - further lines are dropped and counted; writing never waits", async () => {
    const shipper = createLogShipper({
      url: "http://127.0.0.1:9/unreachable",
      maxBuffer: 3,
      intervalMs: 60_000,
    });
    for (let i = 0; i < 5; i++) shipper.write(`{"n":${i}}\n`);
    expect(shipper.stats()).toMatchObject({ buffered: 3, dropped: 2 });
  });
});
