import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { FragmentManifest } from "@tessera/contracts/fragment-manifest";
import { distDir, federation, fragments, version } from "./manifest.ts";
import { AUTO_REFRESH_TAG } from "./tags.ts";

describe("ops' manifest", () => {
  test("the pages - valid for the contract; the health page names <ops-auto-refresh> and its module", () => {
    const parsed = FragmentManifest.parse({ team: "ops", version, fragments, assets: { js: [], css: [] } });
    expect(parsed.fragments["health-page"]).toMatchObject({
      element: AUTO_REFRESH_TAG,
      module: "ops/auto-refresh",
    });
    expect(Object.values(parsed.fragments).filter((f) => f.module)).toHaveLength(1);
  });

  test("the federation - the module the page names is exposed, defining that element; the rspack config exposes it", () => {
    const expose = `./${fragments["health-page"]?.module?.split("/")[1]}` as keyof typeof federation.exposes;
    expect(federation.exposes[expose]).toBe(AUTO_REFRESH_TAG);
    const config = readFileSync(join(distDir, "..", "rspack.config.mjs"), "utf8");
    expect(config).toContain(`"${expose}": "./src/auto-refresh-entry.ts"`);
    expect(distDir).toEndWith(join("fragments", "ops", "dist"));
    expect(federation.version).toBe(version);
  });
});
