import { describe, expect, test } from "bun:test";
import {
  acceptInstances,
  createMemoryRegistry,
  createStaticRegistry,
  parseAllowedHosts,
  register,
  type ServiceInstance,
} from "./index.ts";

const instance = (id: string, url = "http://127.0.0.1:3001"): ServiceInstance => ({
  id,
  name: "catalog",
  version: "1.0.0",
  url,
  health: "up",
  manifest: "/fragments/manifest.json",
  renewedAt: 0,
});

describe("memory registry", () => {
  test("an instance registered - is listed until it deregisters", async () => {
    const registry = createMemoryRegistry();
    const registration = await register(registry, instance("catalog-a"));
    expect((await registry.entries()).map((e) => (e as ServiceInstance).id)).toEqual(["catalog-a"]);
    await registration.stop();
    expect(await registry.entries()).toEqual([]);
  });

  test("an instance that stops renewing - disappears once its lease runs out", async () => {
    let now = 1_000;
    const registry = createMemoryRegistry({ leaseMs: 100, now: () => now });
    await registry.put(instance("catalog-a"));
    now += 99;
    expect((await registry.entries()).length).toBe(1);
    now += 1;
    expect(await registry.entries()).toEqual([]);
  });

  test("a write or a removal - notifies the watchers", async () => {
    const registry = createMemoryRegistry();
    let changes = 0;
    const unwatch = registry.watch(() => changes++);
    await registry.put(instance("catalog-a"));
    await registry.remove("catalog-a");
    unwatch();
    await registry.put(instance("catalog-b"));
    expect(changes).toBe(2);
  });

  test("a draining registration - is written with health draining", async () => {
    const registry = createMemoryRegistry();
    const registration = await register(registry, instance("catalog-a"));
    await registration.drain();
    expect((await registry.entries())[0]).toMatchObject({ health: "draining" });
    await registration.stop();
  });
});

describe("acceptInstances", () => {
  const allowed = parseAllowedHosts("127.0.0.1, localhost,Catalog");

  test("entries on allowed hosts - are accepted, host names case-insensitively", () => {
    const { accepted, rejected } = acceptInstances(
      [instance("a"), instance("b", "http://catalog:3001")],
      allowed,
    );
    expect(accepted.map((i) => i.id)).toEqual(["a", "b"]);
    expect(rejected).toEqual([]);
  });

  test("an entry pointing at another host - is rejected with the host named", () => {
    const { accepted, rejected } = acceptInstances([instance("evil", "http://attacker.example:80")], allowed);
    expect(accepted).toEqual([]);
    expect(rejected[0]?.reason).toBe('host "attacker.example" is not on the registry allowlist');
  });

  test("a malformed entry - is rejected naming the bad field", () => {
    const { rejected } = acceptInstances(
      [{ ...instance("x"), url: "javascript:alert(1)" }, "not json", { id: "y" }],
      allowed,
    );
    expect(rejected.length).toBe(3);
    expect(rejected[0]?.reason).toContain("url");
  });
});

describe("createStaticRegistry", () => {
  test("services by URL - are listed as one instance each", async () => {
    const registry = await createStaticRegistry({ catalog: "http://127.0.0.1:4001/" });
    expect(await registry.entries()).toEqual([
      expect.objectContaining({ id: "catalog-static", name: "catalog", url: "http://127.0.0.1:4001" }),
    ]);
  });
});
