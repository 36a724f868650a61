import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FragmentManifest } from "@tessera/contracts/fragment-manifest";
import { distDir, federation, fragments, version } from "./manifest.ts";
import { PASSWORD_FIELD_TAG } from "./tags.ts";

describe("identity's manifest", () => {
  test("the fragments - valid for the contract; the pages with a password name its element and module", () => {
    const parsed = FragmentManifest.parse({
      team: "identity",
      version,
      fragments,
      assets: { js: [], css: [] },
    });
    expect(parsed.fragments["login-page"]).toMatchObject({
      element: PASSWORD_FIELD_TAG,
      module: "identity/password-field",
    });
    expect(parsed.fragments["register-page"]?.element).toBe(PASSWORD_FIELD_TAG);
    expect(parsed.fragments["account-page"]?.element).toBeUndefined();
  });

  test("the federation - each module a page names is exposed by the remote, defining that element", () => {
    for (const definition of Object.values(fragments)) {
      if (!definition.module) continue;
      const expose = `./${definition.module.split("/")[1]}` as keyof typeof federation.exposes;
      expect(federation.exposes[expose]).toBe(definition.element as typeof PASSWORD_FIELD_TAG);
    }
    const config = readFileSync(join(distDir, "..", "rspack.config.mjs"), "utf8");
    for (const expose of Object.keys(federation.exposes)) expect(config).toContain(`"${expose}":`);
  });

  test("distDir and version - the fragments folder's dist/ and its package.json version", () => {
    expect(distDir).toEndWith(join("fragments", "identity", "dist"));
    expect(existsSync(join(distDir, ".."))).toBe(true);
    const pkg = JSON.parse(readFileSync(join(distDir, "..", "package.json"), "utf8")) as { version: string };
    expect(version).toBe(pkg.version);
    expect(federation.version).toBe(version);
  });
});
