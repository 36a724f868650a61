/**
 * The NATS bus when its broker restarts: a server of this test's own (the machine's nats-server
 * on a free port with its own store), so the shared one at 127.0.0.1:4222 is never touched.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFile, rm } from "node:fs/promises";
import { type Bus, connectNatsBus, type Subscription } from "@tessera/chassis/bus";
import { eventually } from "@tessera/chassis/bus/conformance";
import { type NatsServer, startNatsServer, supportsSyncInterval } from "@tessera/chassis/bus/testing";

let server: NatsServer;
beforeAll(async () => {
  server = await startNatsServer();
});
afterAll(() => server?.close());

/** Publishes until the broker takes it (it may still be coming back). */
async function publishWhenUp(bus: Bus, subject: string, id: string): Promise<void> {
  await eventually(
    () =>
      bus.publish(subject, { id }, { id }).then(
        () => true,
        () => false,
      ),
    20_000,
    `the broker to take ${id}`,
  );
}

describe("the NATS bus across broker restarts", () => {
  test("the test server - runs with the sync setting its version supports", async () => {
    const config = await readFile(server.configFile, "utf8");
    expect(server.syncAlways).toBe(supportsSyncInterval(server.version));
    expect(config.includes("sync_interval: always")).toBe(server.syncAlways);
    expect(config).toContain(`store_dir: ${JSON.stringify(server.storeDir)}`);
  });

  test("the broker restarted - the bus reconnects, and nothing published before or after is lost", async () => {
    const bus = await connectNatsBus({
      url: server.url,
      stream: "RESTART",
      prefix: "r",
      reconnectTimeWaitMs: 200,
    });
    const live: string[] = [];
    const resumed: string[] = [];
    const liveSub = await bus.consume({
      durable: "live",
      subject: "orders.placed",
      handler: async (m) => void live.push(m.id),
    });
    let resumedSub: Subscription = await bus.consume({
      durable: "resumed",
      subject: "orders.placed",
      handler: async (m) => void resumed.push(m.id),
    });
    await bus.publish("orders.placed", {}, { id: "before-1" });
    await eventually(() => resumed.length === 1 && live.length === 1, 5000, "before-1");
    await resumedSub.stop();
    await bus.publish("orders.placed", {}, { id: "before-2" }); // acknowledged, not yet consumed by "resumed"
    await eventually(() => live.length === 2, 5000, "before-2 to the live consumer");

    await server.restart();
    await eventually(
      () =>
        bus.ping().then(
          () => true,
          () => false,
        ),
      20_000,
      "the bus to reconnect",
    );
    await publishWhenUp(bus, "orders.placed", "after-1");
    resumedSub = await bus.consume({
      durable: "resumed",
      subject: "orders.placed",
      handler: async (m) => void resumed.push(m.id),
    });
    await eventually(() => resumed.length === 3, 20_000, "the resumed consumer to catch up");
    await eventually(() => live.length === 3, 20_000, "the live consumer to get after-1");
    expect(resumed).toEqual(["before-1", "before-2", "after-1"]);
    expect(live).toEqual(["before-1", "before-2", "after-1"]);
    await liveSub.stop();
    await resumedSub.stop();
    await bus.close();
  }, 60_000);

  test("the broker killed (SIGKILL) and started again - the bus reconnects and delivers again", async () => {
    const bus = await connectNatsBus({
      url: server.url,
      stream: "KILLED",
      prefix: "k",
      reconnectTimeWaitMs: 200,
    });
    const got: string[] = [];
    const sub = await bus.consume({
      durable: "k",
      subject: "stock.changed",
      handler: async (m) => void got.push(m.id),
    });
    await bus.publish("stock.changed", {}, { id: "k-1" });
    await eventually(() => got.length === 1, 5000, "k-1");
    await server.kill();
    await server.start();
    await publishWhenUp(bus, "stock.changed", "k-2");
    await eventually(() => got.includes("k-2"), 20_000, "k-2 after the kill");
    expect(got.filter((id) => id === "k-2")).toHaveLength(1);
    await sub.stop();
    await bus.close();
  }, 60_000);

  test("the broker losing its store - the bus creates the stream and its consumer again and goes on", async () => {
    const bus = await connectNatsBus({
      url: server.url,
      stream: "LOST",
      prefix: "l",
      reconnectTimeWaitMs: 200,
    });
    const got: string[] = [];
    const sub = await bus.consume({
      durable: "l",
      subject: "payments.done",
      handler: async (m) => void got.push(m.id),
    });
    await bus.publish("payments.done", {}, { id: "l-1" });
    await eventually(() => got.length === 1, 5000, "l-1");
    // the broker comes back without its store (a disk lost, or writes never synced)
    await server.stop();
    await rm(server.storeDir, { recursive: true, force: true });
    await server.start();
    await publishWhenUp(bus, "payments.done", "l-2");
    await eventually(() => got.includes("l-2"), 30_000, "l-2 through the recreated consumer");
    expect(got).toEqual(["l-1", "l-2"]);
    await sub.stop();
    await bus.close();
  }, 60_000);
});
