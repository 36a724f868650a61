/**
 * What the shell needs to hydrate a page: the Module Federation remotes of the teams whose
 * fragments the page holds (their `mf-manifest.json` behind the composer's `/_assets/<team>/`)
 * and which federated module defines each custom element. Written into the page as JSON.
 */
import type { Template } from "../template/parse.ts";
import type { ManifestStore } from "./manifests.ts";

export interface FederationData {
  remotes: { name: string; alias: string; entry: string }[];
  components: Record<string, string>;
}

/** The federation data for a template's fragments (teams whose manifest is unknown are left out). */
export async function federationFor(template: Template, manifests: ManifestStore): Promise<FederationData> {
  const data: FederationData = { remotes: [], components: {} };
  const seen = new Set<string>();
  for (const slot of template.slots) {
    const manifest = await manifests.get(slot.service);
    const definition = manifest?.fragments[slot.name];
    if (!manifest?.federation || !definition?.element || !definition.module) continue;
    data.components[definition.element] = definition.module;
    if (seen.has(slot.service)) continue;
    seen.add(slot.service);
    data.remotes.push({
      name: manifest.federation.name,
      alias: manifest.federation.alias,
      entry: `/_assets/${slot.service}${manifest.federation.manifest.replace(/^\/assets/, "")}`,
    });
  }
  return data;
}

/** The data as a `<script type="application/json">`, safe to inline in HTML. */
export function federationScript(data: FederationData): string {
  const json = JSON.stringify(data).replace(/</g, "\\u003c");
  return `<script type="application/json" id="tessera-federation">${json}</script>`;
}
