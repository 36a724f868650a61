/**
 * What the shell needs to hydrate a page: the Module Federation remotes of the teams whose
 * fragments the page holds (their `mf-manifest.json` behind the composer's `/_assets/<team>/`)
 * and which federated module defines each custom element. Written into the page as JSON: the
 * template's fragments in the head, the fragments found nested while streaming at the end of the
 * body (a second script, listing only what the first did not).
 */
import type { FragmentSlot } from "../template/parse.ts";
import type { ManifestStore } from "./manifests.ts";

export interface FederationData {
  remotes: { name: string; alias: string; entry: string }[];
  components: Record<string, string>;
}

/** The federation data for fragments (teams whose manifest is unknown are left out), minus `known`. */
export async function federationFor(
  slots: FragmentSlot[],
  manifests: ManifestStore,
  known?: FederationData,
): Promise<FederationData> {
  const data: FederationData = { remotes: [], components: {} };
  const seen = new Set(known?.remotes.map((r) => r.name));
  for (const slot of slots) {
    const manifest = await manifests.get(slot.service);
    const definition = manifest?.fragments[slot.name];
    if (!manifest?.federation || !definition?.element || !definition.module) continue;
    if (!known?.components[definition.element]) data.components[definition.element] = definition.module;
    if (seen.has(manifest.federation.name)) continue;
    seen.add(manifest.federation.name);
    data.remotes.push({
      name: manifest.federation.name,
      alias: manifest.federation.alias,
      entry: `/_assets/${slot.service}${manifest.federation.manifest.replace(/^\/assets/, "")}`,
    });
  }
  return data;
}

/** True when the data lists nothing. */
export const isEmpty = (data: FederationData) =>
  data.remotes.length === 0 && Object.keys(data.components).length === 0;

/** The data as a `<script type="application/json">`, safe to inline in HTML; `id` for the head's. */
export function federationScript(data: FederationData, nonce: string, id?: string): string {
  const json = JSON.stringify(data).replace(/</g, "\\u003c");
  return `<script type="application/json"${id ? ` id="${id}"` : ""} data-tessera-federation nonce="${nonce}">${json}</script>`;
}
