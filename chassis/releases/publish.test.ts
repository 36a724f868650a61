import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdirSync, statSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isPublished, publishRelease } from "./publish.ts";
import { contentHash, listFiles, releaseVersion } from "./version.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "tessera-publish-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A built release tree with the given server bundle text. */
function built(name: string, server: string): string {
  const at = join(dir, name);
  mkdirSync(join(at, "server"), { recursive: true });
  mkdirSync(join(at, "client"), { recursive: true });
  writeFileSync(join(at, "server", "server.js"), server);
  writeFileSync(join(at, "client", "remoteEntry.js"), "remote");
  return at;
}

describe("publishing a release", () => {
  test("the same files twice - the same version; the second publish writes nothing", () => {
    const first = built("a", "export const renderers = {};");
    const second = built("b", "export const renderers = {};");
    const version = releaseVersion("0.1.0", first);
    expect(releaseVersion("0.1.0", second)).toBe(version);
    expect(version).toMatch(/^0\.1\.0\+[0-9a-f]{10}$/);
    const releases = join(dir, "releases");
    const one = publishRelease(releases, "catalog", version, first);
    expect(one.created).toBe(true);
    const file = join(one.dir, "server", "server.js");
    const before = statSync(file);
    expect(before.mode & 0o222).toBe(0); // read-only
    const two = publishRelease(releases, "catalog", version, second);
    expect(two).toEqual({ dir: one.dir, created: false });
    expect(statSync(file).mtimeMs).toBe(before.mtimeMs);
    expect(statSync(file).ino).toBe(before.ino);
    expect(isPublished(releases, "catalog", version)).toBe(true);
  });

  test("one byte changed - another version", () => {
    const a = built("a", "export const renderers = {};");
    const b = built("b", "export const renderers = {} ;");
    expect(contentHash(a)).not.toBe(contentHash(b));
    expect(listFiles(a)).toEqual(["client/remoteEntry.js", "server/server.js"]);
  });
});
