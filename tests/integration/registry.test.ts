/**
 * The service registry on real NATS JetStream KV: entries written and renewed, removed on a
 * graceful stop, and gone once an instance stops renewing (the bucket's max age is the lease).
 */
import { afterAll, describe, expect, test } from "bun:test";
import { eventually } from "@tessera/chassis/bus/conformance";
import { type Registry, register, type ServiceInstance } from "@tessera/chassis/registry";
import { connectNatsRegistry, deleteNatsRegistryBucket } from "@tessera/chassis/registry/nats";
import { runId, TEST_NATS_URL } from "./support.ts";

const bucket = `${runId}_registry`;
const registries: Registry[] = [];
const open = async (leaseMs: number, name = bucket) => {
  const registry = await connectNatsRegistry({ url: TEST_NATS_URL, bucket: name, leaseMs });
  registries.push(registry);
  return registry;
};
const instance = (id: string): ServiceInstance => ({
  id,
  name: "catalog",
  version: "1.0.0",
  url: "http://127.0.0.1:3001",
  health: "up",
  manifest: "/fragments/manifest.json",
  renewedAt: Date.now(),
});
const ids = async (registry: Registry) =>
  (await registry.entries()).map((e) => (e as ServiceInstance).id).sort();

afterAll(async () => {
  for (const r of registries) await r.close();
  for (const name of [bucket, `${bucket}_lease`]) await deleteNatsRegistryBucket(TEST_NATS_URL, name);
});

describe("NATS KV registry", () => {
  test("an instance registered by one process - is listed by another, until it deregisters", async () => {
    const writer = await open(30_000);
    const reader = await open(30_000);
    let changes = 0;
    reader.watch(() => changes++);
    const registration = await register(writer, instance("catalog-a"));
    expect(await ids(reader)).toEqual(["catalog-a"]);
    await eventually(() => changes > 0, 5000, "a change notification");
    await registration.stop();
    expect(await ids(reader)).toEqual([]);
  });

  test("an instance that stops renewing - disappears when the lease runs out; a renewed one stays", async () => {
    const registry = await open(1000, `${bucket}_lease`);
    await registry.put(instance("catalog-silent"));
    const renewed = await register(registry, instance("catalog-renewing"), { renewMs: 200 });
    expect(await ids(registry)).toEqual(["catalog-renewing", "catalog-silent"]);
    await eventually(
      async () => !(await ids(registry)).includes("catalog-silent"),
      15_000,
      "the silent entry to expire",
    );
    expect(await ids(registry)).toEqual(["catalog-renewing"]);
    await renewed.stop();
  }, 20_000);
});
