/**
 * Building a release from a team's real sources (Bun.build + rspack): the same sources give the
 * same version wherever they are copied, publishing it again rewrites nothing, and a change to a
 * component gives a new version.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { statSync } from "node:fs";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  BUILT_IN,
  createFragmentReleases,
  listFiles,
  openFileStore,
  publishRelease,
} from "@tessera/chassis/releases";
import { renderers as checkoutRenderers } from "@tessera/checkout-fragments/server";
import { renderers as exploreRenderers } from "@tessera/explore-fragments/server";
import { renderers as inventoryRenderers } from "@tessera/inventory-fragments/server";
import { renderers as paymentsRenderers } from "@tessera/payments-fragments/server";
import { buildRelease, cleanStage, REPO_ROOT } from "../../scripts/deploy/build.ts";

setDefaultTimeout(60_000);
let work: string;
const quiet = () => {};

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "tessera-build-"));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("building a release of a team's fragments", () => {
  test("the repository's sources and a copy of them - one version; published twice, written once", async () => {
    const copy = join(work, "copy", "catalog");
    await cp(join(REPO_ROOT, "fragments", "catalog"), copy, {
      recursive: true,
      filter: (src) => !/\/(node_modules|dist)(\/|$)/.test(src),
    });
    const first = await buildRelease("catalog", undefined, quiet);
    expect(first.version).toMatch(/^0\.1\.0\+[0-9a-f]{10}$/);
    expect(listFiles(first.dir)).toContain("server/server.js");
    expect(listFiles(first.dir)).toContain("client/mf-manifest.json");
    const releases = join(work, "releases");
    const published = publishRelease(releases, "catalog", first.version, first.dir);
    cleanStage(first);
    expect(published.created).toBe(true);
    const bundle = statSync(join(published.dir, "server", "server.js"));

    const second = await buildRelease("catalog", copy, quiet);
    expect(second.version).toBe(first.version);
    expect(publishRelease(releases, "catalog", second.version, second.dir).created).toBe(false);
    cleanStage(second);
    const after = statSync(join(published.dir, "server", "server.js"));
    expect([after.ino, after.mtimeMs]).toEqual([bundle.ino, bundle.mtimeMs]);
  });

  test("a changed component - another version", async () => {
    const copy = join(work, "changed", "catalog");
    await cp(join(REPO_ROOT, "fragments", "catalog"), copy, {
      recursive: true,
      filter: (src) => !/\/(node_modules|dist)(\/|$)/.test(src),
    });
    const card = join(copy, "src", "product-card.ts");
    await writeFile(card, (await readFile(card, "utf8")).replaceAll('"Add to wishlist"', '"Keep for later"'));
    const [original, changed] = [
      await buildRelease("catalog", undefined, quiet),
      await buildRelease("catalog", copy, quiet),
    ];
    expect(changed.version).not.toBe(original.version);
    cleanStage(original);
    cleanStage(changed);
  });

  for (const team of ["inventory", "payments"])
    test(`${team}'s sources and a copy of them - both parts built (server renderer, federated remote), one version`, async () => {
      const copy = join(work, `copy-${team}`, team);
      await cp(join(REPO_ROOT, "fragments", team), copy, {
        recursive: true,
        filter: (src) => !/\/(node_modules|dist)(\/|$)/.test(src),
      });
      const first = await buildRelease(team, undefined, quiet);
      const files = listFiles(first.dir);
      cleanStage(first);
      expect(first.hasRemote).toBe(true);
      expect(first.version).toMatch(/^0\.1\.0\+[0-9a-f]{10}$/);
      for (const file of [
        "server/server.js",
        "client/mf-manifest.json",
        "client/remoteEntry.js",
        "client/integrity.json",
      ])
        expect(files).toContain(file);
      const second = await buildRelease(team, copy, quiet);
      cleanStage(second);
      expect(second.version).toBe(first.version);
    });

  const cases = [
    {
      team: "inventory",
      renderers: inventoryRenderers,
      name: "stock",
      data: {
        sku: "CL-01-GR",
        available: 3,
        status: "low",
        stores: [{ storeId: "store-hamburg", available: 3, status: "low" }],
      },
      has: "Only 3 left",
    },
    {
      team: "payments",
      renderers: paymentsRenderers,
      name: "payment-method",
      data: { selected: "tok_visa_declined", stylesheet: "/_assets/payments/p.css" },
      has: "payments-method-picker",
    },
    {
      team: "explore",
      renderers: exploreRenderers,
      name: "store-picker",
      data: { stores: [] },
      has: "explore-store-picker",
    },
    {
      team: "checkout",
      renderers: checkoutRenderers,
      name: "mini-cart",
      data: { count: 2 },
      has: "checkout-mini-cart",
    },
  ];
  for (const { team, renderers, name, data, has } of cases)
    test(`${team}'s release rendered in its worker - the same ${name} HTML as the built-in version in process`, async () => {
      const built = await buildRelease(team, undefined, quiet);
      const releasesDir = join(work, `${team}-releases`);
      publishRelease(releasesDir, team, built.version, built.dir);
      cleanStage(built);
      const releases = createFragmentReleases({
        team,
        version: "0.1.0",
        renderers,
        environment: { releasesDir, store: async () => openFileStore({ dir: join(work, "state") }) },
      });
      try {
        const text = async (body: ReadableStream<Uint8Array> | string) => new Response(body).text();
        const inProcess = await text(await releases.render(BUILT_IN, name, data));
        const inWorker = await text(await releases.render(built.version, name, data));
        expect(inProcess).toContain(has);
        expect(inWorker).toBe(inProcess);
      } finally {
        await releases.close();
      }
    });

  test("a folder that is not a team's fragments - refused, naming it", async () => {
    await expect(buildRelease("catalog", work, quiet)).rejects.toThrow(
      `${work} is not a team's fragments folder`,
    );
  });
});
