/**
 * Release versions and where a release lives: `<package version>+<first 10 hex of sha256 over the
 * built files>`, stored at `<releasesDir>/<team>/<version>/{server,client}/`.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";

/** A release version: semver, `+`, ten hex digits of content hash. */
export const RELEASE_VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?\+[0-9a-f]{10}$/;

/** A team name as releases use it (a path segment). */
export const TEAM_NAME = /^[a-z][a-z0-9-]{0,31}$/;

/** Every file under `dir`, as sorted forward-slash paths relative to it. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path).split(sep).join("/"));
    }
  };
  walk(dir);
  return out.sort();
}

/** The content hash of a built tree: sha256 over each file's relative path and bytes, in path order. */
export function contentHash(dir: string): string {
  const hash = createHash("sha256");
  for (const file of listFiles(dir)) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(dir, file)));
    hash.update("\0");
  }
  return hash.digest("hex");
}

/** The version of a built tree. */
export function releaseVersion(packageVersion: string, builtDir: string): string {
  return `${packageVersion}+${contentHash(builtDir).slice(0, 10)}`;
}

/** `<releasesDir>/<team>/<version>`. */
export function releaseDir(releasesDir: string, team: string, version: string): string {
  return join(releasesDir, team, version);
}

/** The server bundle a release's workers import. */
export function serverBundle(releasesDir: string, team: string, version: string): string {
  return join(releaseDir(releasesDir, team, version), "server", "server.js");
}
