/**
 * Which SRI hash a script the Module Federation runtime is about to load must carry: the script
 * belongs to the remote whose manifest directory its URL starts with, and its hash is the one the
 * page lists for its path relative to that directory.
 */
import type { RemoteRef } from "./page-data";

export type IntegrityMatch =
  /** The script is a remote's and the page lists its hash. */
  | { remote: RemoteRef; file: string; integrity: string }
  /** The script is a remote's that has hashes, but not this file's: it must not run. */
  | { remote: RemoteRef; file: string; integrity: undefined };

/** The directory of a remote's manifest URL, absolute against `base`. */
export function remoteBase(remote: RemoteRef, base: string): string {
  const url = new URL(remote.entry, base);
  url.search = "";
  url.hash = "";
  return url.href.slice(0, url.href.lastIndexOf("/") + 1);
}

/**
 * The hash for the script at `url` (absolute, or relative to `base`), or undefined when the script
 * belongs to no remote that lists hashes (the runtime then creates it as usual).
 */
export function integrityFor(url: string, remotes: RemoteRef[], base: string): IntegrityMatch | undefined {
  const target = new URL(url, base);
  target.search = "";
  target.hash = "";
  for (const remote of remotes) {
    if (!remote.integrity) continue;
    const dir = remoteBase(remote, base);
    if (!target.href.startsWith(dir)) continue;
    const file = target.href.slice(dir.length);
    return { remote, file, integrity: remote.integrity[file] };
  }
  return undefined;
}
