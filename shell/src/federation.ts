/**
 * The shell's Module Federation runtime. It knows no remote at build time: the page lists them.
 * Every script it creates for a remote that lists hashes carries that hash (`integrity`,
 * `crossorigin`), and the page's CSP nonce; a script of such a remote whose hash the page does not
 * list is refused, so a remote cannot be made to run a file the composer did not vouch for.
 */
import { createInstance, type ModuleFederation } from "@module-federation/runtime";
import { integrityFor } from "./integrity";
import type { RemoteRef } from "./page-data";
import { sharedModules } from "./shared";

export type { ModuleFederation };

/** A hash no file has: the browser refuses the script, and the runtime reports a load failure. */
const REFUSED = `sha384-${"A".repeat(64)}`;

/**
 * Creates the `tessera_shell` federation instance, providing lit to the remotes. `remotes()` is
 * read each time a script is created (remotes are added while the page streams).
 */
export function createFederation(remotes: () => RemoteRef[], nonce = ""): ModuleFederation {
  return createInstance({
    name: "tessera_shell",
    remotes: [],
    shared: sharedModules,
    plugins: [
      {
        name: "tessera-integrity",
        createScript({ url }) {
          const match = integrityFor(url, remotes(), document.baseURI);
          if (!match) return undefined;
          const script = document.createElement("script");
          script.src = url;
          script.crossOrigin = "anonymous";
          if (nonce) script.nonce = nonce;
          if (!match.integrity)
            console.error(`[tessera] no integrity known for ${match.file} of ${match.remote.name}: refused`);
          script.integrity = match.integrity ?? REFUSED;
          return script;
        },
      },
    ],
  });
}
