import { describe, expect, test } from "bun:test";
import { natsTestConfig, supportsSyncInterval } from "./nats-server.ts";

describe("the test NATS server's configuration", () => {
  test("a binary that knows sync_interval (2.10 and later) - syncs before every acknowledgement", () => {
    expect(supportsSyncInterval("2.10.0")).toBe(true);
    expect(supportsSyncInterval("2.11.4")).toBe(true);
    expect(supportsSyncInterval("3.0.0")).toBe(true);
    const config = natsTestConfig({ port: 4333, storeDir: "/tmp/s", syncAlways: true });
    expect(config).toContain("sync_interval: always");
    expect(config).toContain("port: 4333");
    expect(config).toContain('store_dir: "/tmp/s"');
  });

  test("Debian's 2.9 binary, which refuses sync_interval - gets a config without it", () => {
    expect(supportsSyncInterval("2.9.10")).toBe(false);
    const config = natsTestConfig({ port: 4333, storeDir: "/tmp/s", syncAlways: false });
    expect(config).not.toContain("sync_interval: always");
    expect(config).toContain("jetstream {");
  });
});
