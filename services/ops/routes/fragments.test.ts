import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type TestAccess, testAccess } from "@tessera/chassis/access/testing";
import { createMemoryRegistry } from "@tessera/chassis/registry";
import { openFileStore, type ReleaseStore } from "@tessera/chassis/releases";
import { type BuiltService, buildService } from "@tessera/chassis/service";
import { FragmentManifest } from "@tessera/contracts/fragment-manifest";
import { createOps } from "../app.ts";

let service: BuiltService;
let access: TestAccess;
const releasesDir = mkdtempSync(join(tmpdir(), "ops-fragments-"));
const releases: ReleaseStore = openFileStore({ dir: releasesDir });

beforeAll(async () => {
  access = await testAccess();
  service = await buildService(createOps({ releases: async () => releases }), {
    env: { LOG_LEVEL: "silent", ...access.env },
    inMemory: true,
    registry: createMemoryRegistry(),
  });
}, 60_000);
afterAll(async () => {
  await service.close();
  await releases.close();
  rmSync(releasesDir, { recursive: true, force: true });
});

const asOperator = () => access.as("operator-1", "ops", { roles: ["operator"] });

describe("ops fragment manifest", () => {
  test("GET /fragments/manifest.json - the health page names <ops-auto-refresh> and its module; the remote's scripts with SRI", async () => {
    const manifest = FragmentManifest.parse(
      await (await service.app.request("/fragments/manifest.json")).json(),
    );
    expect(manifest.fragments["health-page"]).toMatchObject({
      element: "ops-auto-refresh",
      module: "ops/auto-refresh",
    });
    expect(manifest.fragments["logs-page"]?.element).toBeUndefined();
    expect(manifest.federation).toEqual({
      name: "tessera_ops",
      alias: "ops",
      manifest: "/assets/mf-manifest.json",
      exposes: { "./auto-refresh": "ops-auto-refresh" },
    });
    expect(manifest.assets.js.map((a) => a.path)).toContain("/assets/remoteEntry.js");
    for (const script of manifest.assets.js) expect(script.integrity).toMatch(/^sha384-[A-Za-z0-9+/]+=*$/);
  });

  test("GET /assets/mf-manifest.json - public (no operator token: it is code, not data), readable cross-origin", async () => {
    const response = await service.app.request("/assets/mf-manifest.json");
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(((await response.json()) as { metaData: { name: string } }).metaData.name).toBe("tessera_ops");
  });
});

describe("ops health page", () => {
  test("as an operator - the live part inside <ops-auto-refresh>, a Refresh link in its shadow root, the tables in its light DOM", async () => {
    const response = await service.app.request("/fragments/health-page", { headers: await asOperator() });
    expect(response.status).toBe(200);
    expect(response.headers.get("fragment-version")).toBe("ops@0.1.0");
    expect(response.headers.get("cache-control")).toBe("no-store");
    const html = await response.text();
    const open = /<ops-auto-refresh[^>]*>/.exec(html)?.[0] ?? "";
    expect(open).toContain('href="/ops/health"');
    expect(open).toContain('region="health"');
    expect(open).toContain('interval="5"');
    const inside = html.slice(html.indexOf(open) + open.length, html.indexOf("</ops-auto-refresh>"));
    const shadow = inside.slice(0, inside.indexOf("</template>"));
    expect(shadow).toContain('<template shadowroot="open" shadowrootmode="open">');
    expect(shadow).toContain('<a href="/ops/health">Refresh</a>');
    expect(shadow).toContain("<slot></slot>");
    const light = inside.slice(inside.indexOf("</template>"));
    expect(light).toContain("<h2>Instances</h2>");
    expect(light).toContain("<h2>Deployments</h2>");
  });

  test("a release that is not published - 400 problem, never another version's page", async () => {
    const response = await service.app.request("/fragments/health-page", {
      headers: { ...(await asOperator()), "tessera-fragment-version": "0.1.0+abcdef0123" },
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { detail: string }).detail).toContain(
      'ops has no release "0.1.0+abcdef0123"',
    );
  });
});
