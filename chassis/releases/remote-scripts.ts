/**
 * The scripts of a team's built federated remote with their Subresource Integrity, for its fragment
 * manifest: the `integrity.json` the build writes next to `mf-manifest.json` (the shell refuses a
 * remote script whose hash the page does not list), or `remoteEntry.js` alone, hashed here, when
 * only that exists; nothing hashed when the remote is not built.
 */

export interface ScriptAsset {
  path: string;
  integrity?: string;
}

/** Integrity (SRI sha384) of a built file, or undefined when it is not there. */
export async function fileIntegrity(distDir: string, file: string): Promise<string | undefined> {
  const f = Bun.file(`${distDir}/${file}`);
  if (!(await f.exists())) return undefined;
  const digest = new Bun.CryptoHasher("sha384").update(await f.arrayBuffer()).digest("base64");
  return `sha384-${digest}`;
}

/** The remote's scripts under the service's `/assets/`, each with its integrity. */
export async function remoteScripts(distDir: string): Promise<ScriptAsset[]> {
  const map = Bun.file(`${distDir}/integrity.json`);
  if (!(await map.exists()))
    return [{ path: "/assets/remoteEntry.js", integrity: await fileIntegrity(distDir, "remoteEntry.js") }];
  const hashes = (await map.json()) as Record<string, string>;
  return Object.entries(hashes)
    .filter(([file]) => file.endsWith(".js"))
    .map(([file, hash]) => ({ path: `/assets/${file}`, integrity: hash }));
}
