/**
 * Publishing a built release: its files are moved into `<releasesDir>/<team>/<version>/` in one
 * rename (a reader never sees half a release) and made read-only. A version is immutable: when
 * it is already published, nothing is written (same version = same bytes, by construction).
 */
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { listFiles, releaseDir } from "./version.ts";

export interface PublishResult {
  dir: string;
  /** False when the version was already published (nothing written). */
  created: boolean;
}

/** Moves `builtDir` (holding `server/` and maybe `client/`) to the release's place; read-only files. */
export function publishRelease(
  releasesDir: string,
  team: string,
  version: string,
  builtDir: string,
): PublishResult {
  const dir = releaseDir(releasesDir, team, version);
  if (existsSync(dir)) {
    rmSync(builtDir, { recursive: true, force: true });
    return { dir, created: false };
  }
  for (const file of listFiles(builtDir)) chmodSync(join(builtDir, file), 0o444);
  mkdirSync(join(releasesDir, team), { recursive: true });
  try {
    renameSync(builtDir, dir);
  } catch (error) {
    // another deploy of the same sources published it between our check and our rename
    if (existsSync(dir)) {
      rmSync(builtDir, { recursive: true, force: true });
      return { dir, created: false };
    }
    throw error;
  }
  return { dir, created: true };
}

/** True when `version` of `team` is published (its server bundle is there). */
export function isPublished(releasesDir: string, team: string, version: string): boolean {
  return existsSync(join(releaseDir(releasesDir, team, version), "server", "server.js"));
}
