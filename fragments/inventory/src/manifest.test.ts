import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { distDir, federation, version } from "./manifest";
import { STOCK_TAG } from "./tags";

describe("inventory's manifest", () => {
  test("the federation - the remote exposes ./stock, which defines <inventory-stock>, from the file rspack builds", () => {
    expect(federation).toMatchObject({ name: "tessera_inventory", manifest: "mf-manifest.json" });
    expect(federation.exposes).toEqual({ "./stock": STOCK_TAG });
    const config = readFileSync(join(distDir, "..", "rspack.config.mjs"), "utf8");
    expect(config).toContain(`exposes: { "./stock": "./src/index.ts" }`);
  });

  test("distDir and version - the fragments folder's dist/ and its package.json version", () => {
    expect(distDir).toEndWith(join("fragments", "inventory", "dist"));
    expect(existsSync(join(distDir, ".."))).toBe(true);
    const pkg = JSON.parse(readFileSync(join(distDir, "..", "package.json"), "utf8")) as { version: string };
    expect(version).toBe(pkg.version);
    expect(federation.version).toBe(version);
  });
});
