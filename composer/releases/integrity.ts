/**
 * The SRI hashes of a deployed release's remote, for the page's federation data: read once per
 * team and version from the release's `integrity.json` (written by the remote's build, served by
 * the team's service under `/assets/releases/<version>/`, immutable) and kept. With them the shell
 * refuses any script of the release the composer did not vouch for, as for a built-in remote.
 */
import type { Logger } from "pino";
import type { Upstream } from "../discovery/upstream.ts";

export type ReleaseIntegrity = (team: string, version: string) => Promise<Record<string, string> | undefined>;

export function createReleaseIntegrity(options: { upstream: Upstream; log: Logger }): ReleaseIntegrity {
  const known = new Map<string, Promise<Record<string, string> | undefined>>();
  return (team, version) => {
    const key = `${team}@${version}`;
    let found = known.get(key);
    if (!found) {
      found = (async () => {
        const { response } = await options.upstream.fetch(
          team,
          `/assets/releases/${version}/integrity.json`,
          {
            headers: { accept: "application/json" },
            timeoutMs: 2000,
            spanName: `integrity ${team}`,
          },
        );
        if (!response.ok) {
          await response.body?.cancel();
          return undefined; // a release built without hashes: its scripts load as a built-in remote's without them
        }
        const map = (await response.json()) as Record<string, string>;
        return Object.fromEntries(Object.entries(map).filter(([file]) => file.endsWith(".js")));
      })().catch((error: Error) => {
        known.delete(key); // asked again on the next page
        options.log.warn({ err: error, team, version }, "cannot read a release's integrity hashes");
        return undefined;
      });
      known.set(key, found);
    }
    return found;
  };
}
