/**
 * What the shell needs to hydrate a page: the Module Federation remotes of the teams whose
 * fragments the page holds (their `mf-manifest.json` behind the composer's `/_assets/<team>/`)
 * and which federated module defines each custom element. Written into the page as JSON: the
 * template's fragments in the head, the fragments found nested while streaming at the end of the
 * body (a second script, listing only what the first did not).
 */
import { BUILT_IN } from "@tessera/chassis/releases";
import type { FragmentManifest } from "@tessera/contracts/fragment-manifest";
import type { FragmentSlot } from "../template/parse.ts";
import type { ManifestStore } from "./manifests.ts";

export interface FederationData {
  /**
   * `integrity`: SRI hashes of the remote's scripts from its fragment manifest (`assets.js`), keyed
   * by path relative to the directory of `entry` (e.g. `remoteEntry.js`); the shell sets them on the
   * `<script>` elements it creates.
   */
  remotes: { name: string; alias: string; entry: string; integrity?: Record<string, string> }[];
  components: Record<string, string>;
}

/** Reads a team release's script hashes (see `releases/integrity.ts`). */
type ReleaseIntegrity = (team: string, version: string) => Promise<Record<string, string> | undefined>;

/** The manifest's script hashes, keyed by path relative to the directory of the MF manifest (undefined: none). */
export function scriptIntegrity(
  assets: { path: string; integrity?: string }[],
  mfManifest: string,
): Record<string, string> | undefined {
  const base = mfManifest.slice(0, mfManifest.lastIndexOf("/") + 1);
  const map: Record<string, string> = {};
  for (const { path, integrity } of assets)
    if (integrity && path.startsWith(base)) map[path.slice(base.length)] = integrity;
  return Object.keys(map).length > 0 ? map : undefined;
}

/**
 * The federation data for fragments (teams whose manifest is unknown are left out), minus `known`.
 * A team with a deployed release in `versions` (the page's snapshot) gets that release's remote,
 * `/_assets/<team>/releases/<version>/mf-manifest.json`, so the code that hydrates a fragment is the
 * version that rendered it, with that release's script hashes (`releaseIntegrity`).
 */
export async function federationFor(
  slots: FragmentSlot[],
  manifests: ManifestStore,
  known?: FederationData,
  versions: Record<string, string> = {},
  releaseIntegrity?: ReleaseIntegrity,
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
    const release = versions[slot.service];
    if (release && release !== BUILT_IN) {
      // the release's own files: the built-in remote's integrity hashes do not apply to them
      const integrity = await releaseIntegrity?.(slot.service, release);
      data.remotes.push({
        name: manifest.federation.name,
        alias: manifest.federation.alias,
        entry: `/_assets/${slot.service}/releases/${release}/mf-manifest.json`,
        ...(integrity ? { integrity } : {}),
      });
      continue;
    }
    data.remotes.push({
      name: manifest.federation.name,
      alias: manifest.federation.alias,
      entry: `/_assets/${slot.service}${manifest.federation.manifest.replace(/^\/assets/, "")}`,
      integrity: scriptIntegrity(manifest.assets.js, manifest.federation.manifest),
    });
  }
  return data;
}

/** The manifests of `slots` held now, to tell later whether data worked out from them still holds. */
const manifestsNow = (manifests: ManifestStore, slots: FragmentSlot[]) =>
  slots.map((slot) => manifests.peek?.(slot.service));

/** True when every manifest of `slots` is still the object `held` (a re-read manifest is a new one). */
const sameManifests = (
  manifests: ManifestStore,
  slots: FragmentSlot[],
  held: (FragmentManifest | undefined)[],
) => slots.every((slot, i) => manifests.peek?.(slot.service) === held[i]);

/**
 * True when data worked out from `held` may be kept: every manifest was known, and no release
 * remote lacks its integrity hashes (those are asked again on the next page).
 */
const keepable = (manifests: ManifestStore, data: FederationData, held: (FragmentManifest | undefined)[]) =>
  manifests.peek !== undefined &&
  held.every(Boolean) &&
  data.remotes.every((r) => r.integrity || !r.entry.includes("/releases/"));

/**
 * {@link federationFor} of a template's own fragments, kept while the page's versions and the
 * manifests it was made from are the same objects (a re-read manifest is a new one). The
 * `<link rel="preload">`s and the JSON are kept with it; only the nonce differs per page. Data
 * naming a release remote whose integrity hashes could not be read is not kept (asked again on
 * the next page, as without the memo).
 */
export function createHeadFederation(manifests: ManifestStore, releaseIntegrity?: ReleaseIntegrity) {
  interface Kept {
    versionsKey: string;
    manifests: (FragmentManifest | undefined)[];
    data: FederationData;
    preloads: string;
    json: string;
  }
  const kept = new WeakMap<FragmentSlot[], Kept>();
  return async (slots: FragmentSlot[], versions: Record<string, string>) => {
    const versionsKey = JSON.stringify(versions);
    const found = kept.get(slots);
    if (found && found.versionsKey === versionsKey && sameManifests(manifests, slots, found.manifests))
      return found;
    const data = await federationFor(slots, manifests, undefined, versions, releaseIntegrity);
    const entry: Kept = {
      versionsKey,
      manifests: manifestsNow(manifests, slots),
      data,
      preloads: federationPreloads(data),
      json: federationJson(data),
    };
    if (keepable(manifests, data, entry.manifests)) kept.set(slots, entry);
    return entry;
  };
}

/**
 * The federation JSON of the fragments found nested while a page streamed, minus what the head
 * listed ({@link createHeadFederation}'s `data`): "" when there is nothing more. Kept per list of
 * nested fragments and versions while the manifests and the head's data are the same objects
 * (pages of one route nest the same fragments); data naming a release remote without its
 * integrity hashes is not kept, as in the head.
 */
export function createLateFederation(manifests: ManifestStore, releaseIntegrity?: ReleaseIntegrity) {
  interface Kept {
    known: FederationData;
    manifests: (FragmentManifest | undefined)[];
    json: string;
  }
  const kept = new Map<string, Kept>();
  return async (
    nested: FragmentSlot[],
    known: FederationData,
    versions: Record<string, string>,
    versionsKey = JSON.stringify(versions),
  ): Promise<string> => {
    let key = versionsKey;
    for (const slot of nested) key += `\0${slot.service}/${slot.name}`;
    const found = kept.get(key);
    if (found && found.known === known && sameManifests(manifests, nested, found.manifests))
      return found.json;
    const data = await federationFor(nested, manifests, known, versions, releaseIntegrity);
    const json = isEmpty(data) ? "" : federationJson(data);
    const entry: Kept = { known, manifests: manifestsNow(manifests, nested), json };
    if (keepable(manifests, data, entry.manifests)) {
      if (kept.size >= 1000) kept.clear();
      kept.set(key, entry);
    }
    return json;
  };
}

/** True when the data lists nothing. */
export const isEmpty = (data: FederationData) =>
  data.remotes.length === 0 && Object.keys(data.components).length === 0;

/** The data as a `<script type="application/json">`, safe to inline in HTML; `id` for the head's. */
export function federationScript(data: FederationData | string, nonce: string, id?: string): string {
  const json = typeof data === "string" ? data : federationJson(data);
  return `<script type="application/json"${id ? ` id="${id}"` : ""} data-tessera-federation nonce="${nonce}">${json}</script>`;
}

/** The data as JSON safe to inline in HTML (no `<`). */
export function federationJson(data: FederationData): string {
  return JSON.stringify(data).replace(/</g, "\\u003c");
}

/** The entry script of a remote, as its integrity map names it (relative to the manifest's directory). */
const REMOTE_ENTRY = "remoteEntry.js";

const attr = (value: string) => value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

/**
 * `<link rel="preload">`s that start fetching each remote's `mf-manifest.json` and its
 * `remoteEntry.js` with the HTML, instead of one after the other once the shell runs (the shell's
 * runtime fetches the manifest with `fetch(url, {})`, then creates the entry's `<script>` with
 * `crossorigin="anonymous"` and the hash from the page data: the preloads carry the same mode and
 * integrity, so the browser uses them rather than fetching twice). An entry is preloaded only when
 * the page lists its hash: without one the runtime's script would not match the preload.
 */
export function federationPreloads(data: FederationData): string {
  const links: string[] = [];
  for (const remote of data.remotes) {
    links.push(`<link rel="preload" as="fetch" crossorigin href="${attr(remote.entry)}">`);
    const integrity = remote.integrity?.[REMOTE_ENTRY];
    if (!integrity) continue;
    const path = remote.entry.split("?")[0] ?? remote.entry;
    const entry = `${path.slice(0, path.lastIndexOf("/") + 1)}${REMOTE_ENTRY}`;
    links.push(
      `<link rel="preload" as="script" crossorigin="anonymous" integrity="${attr(integrity)}" href="${attr(entry)}">`,
    );
  }
  return links.join("");
}

/** A `<link rel="modulepreload">` for the shell's module script tag (same URL, integrity, CORS mode); "" for none. */
export function shellPreload(shellTag: string): string {
  const src = /\ssrc="([^"]+)"/.exec(shellTag)?.[1];
  if (!src) return "";
  const integrity = /\sintegrity="([^"]+)"/.exec(shellTag)?.[1];
  return `<link rel="modulepreload" href="${src}"${integrity ? ` integrity="${integrity}"` : ""} crossorigin="anonymous">`;
}
