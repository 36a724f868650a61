/**
 * The page's federation data, written by the composer into
 * `<script type="application/json" id="tessera-federation">` (and further
 * `<script data-tessera-federation>` for fragments found while streaming).
 */

/**
 * A Module Federation remote: container name, alias used in module ids, manifest URL, and the SRI
 * hashes of its scripts keyed by path relative to the manifest's directory (`remoteEntry.js`).
 */
export interface RemoteRef {
  name: string;
  alias: string;
  entry: string;
  integrity?: Record<string, string>;
}

/** Remotes to register, and for each custom element tag the module (`alias/expose`) that defines it. */
export interface FederationData {
  remotes: RemoteRef[];
  components: Record<string, string>;
}

const SCRIPT_ID = "tessera-federation";
const SRI = /^sha(256|384|512)-[A-Za-z0-9+/]+={0,2}$/;

const isString = (value: unknown): value is string => typeof value === "string";
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function isRemoteRef(value: unknown): value is RemoteRef {
  if (!isRecord(value)) return false;
  const { name, alias, entry, integrity } = value;
  const integrityOk =
    integrity === undefined ||
    (isRecord(integrity) && Object.values(integrity).every((v) => isString(v) && SRI.test(v)));
  return isString(name) && isString(alias) && isString(entry) && integrityOk;
}

/** Checks one script's data; malformed data throws naming the script. */
export function parseFederationData(text: string, where: string): FederationData {
  const data: unknown = JSON.parse(text);
  const { remotes, components } = (isRecord(data) ? data : {}) as Record<string, unknown>;
  if (!Array.isArray(remotes) || !remotes.every(isRemoteRef)) {
    throw new TypeError(
      `${where}: "remotes" must be a list of {name, alias, entry, integrity?} (integrity: file → sha384-…)`,
    );
  }
  if (!isRecord(components) || !Object.values(components).every(isString)) {
    throw new TypeError(`${where}: "components" must map tag names to module ids`);
  }
  return { remotes, components: components as Record<string, string> };
}

/** Adds `data` to `into`: remotes not yet listed (by name), and components. Returns the new remotes. */
export function mergeFederationData(into: FederationData, data: FederationData): RemoteRef[] {
  const added: RemoteRef[] = [];
  for (const remote of data.remotes) {
    if (into.remotes.some((r) => r.name === remote.name)) continue;
    into.remotes.push(remote);
    added.push(remote);
  }
  Object.assign(into.components, data.components);
  return added;
}

/** The federation scripts in `doc` not in `seen` (head's first), adding them to `seen`. */
export function newFederationScripts(doc: Document, seen: Set<Element>): HTMLScriptElement[] {
  const found: HTMLScriptElement[] = [];
  const head = doc.getElementById(SCRIPT_ID);
  for (const script of [head, ...doc.querySelectorAll("script[data-tessera-federation]")]) {
    if (!(script instanceof HTMLScriptElement) || seen.has(script)) continue;
    seen.add(script);
    found.push(script);
  }
  return found;
}

/** Where a script's data came from, for error messages. */
export const describeScript = (script: Element): string =>
  script.id ? `#${script.id}` : "script[data-tessera-federation]";

/**
 * Reads and checks the page's federation data: the head's `#tessera-federation` and every further
 * `<script data-tessera-federation>`, merged. A page without any has nothing to load; malformed
 * data throws.
 */
export function readFederationData(doc: Document = document, seen = new Set<Element>()): FederationData {
  const merged: FederationData = { remotes: [], components: {} };
  for (const script of newFederationScripts(doc, seen)) {
    const text = script.textContent;
    if (text) mergeFederationData(merged, parseFederationData(text, describeScript(script)));
  }
  return merged;
}
