/**
 * The `federation` block of a team's fragment manifest (`contracts/fragment-manifest`), made from
 * the build facts its fragments package exports (`federation` in `fragments/<team>/src/manifest.ts`):
 * the remote's container name, the alias the shell registers it under, where its MF manifest is
 * served (under the service's `/assets/`, see `remoteAssetRoutes`), and the element each exposed
 * module defines.
 */
export interface RemoteFacts {
  name: string;
  manifest: string;
  exposes: Readonly<Record<string, string>>;
}

export function manifestFederation(alias: string, remote: RemoteFacts) {
  return {
    name: remote.name,
    alias,
    manifest: `/assets/${remote.manifest}`,
    exposes: remote.exposes,
  };
}
