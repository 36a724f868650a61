/**
 * The page's federation data, written by the composer into
 * `<script type="application/json" id="tessera-federation">`.
 */

/** A Module Federation remote: container name, alias used in module ids, and manifest URL. */
export interface RemoteRef {
  name: string;
  alias: string;
  entry: string;
}

/** Remotes to register, and for each custom element tag the module (`alias/expose`) that defines it. */
export interface FederationData {
  remotes: RemoteRef[];
  components: Record<string, string>;
}

const SCRIPT_ID = "tessera-federation";

const isString = (value: unknown): value is string => typeof value === "string";

function isRemoteRef(value: unknown): value is RemoteRef {
  if (typeof value !== "object" || value === null) return false;
  const { name, alias, entry } = value as Record<string, unknown>;
  return isString(name) && isString(alias) && isString(entry);
}

/** Checks one script's data; malformed data throws naming the script. */
function parseFederationData(text: string, where: string): FederationData {
  const data: unknown = JSON.parse(text);
  const { remotes, components } = (data ?? {}) as Record<string, unknown>;
  if (!Array.isArray(remotes) || !remotes.every(isRemoteRef)) {
    throw new TypeError(`${where}: "remotes" must be a list of {name, alias, entry}`);
  }
  if (typeof components !== "object" || components === null || !Object.values(components).every(isString)) {
    throw new TypeError(`${where}: "components" must map tag names to module ids`);
  }
  return { remotes, components: components as Record<string, string> };
}

/**
 * Reads and checks the page's federation data: the head's `#tessera-federation` and every further
 * `<script data-tessera-federation>` (the composer writes one at the end of the body for
 * fragments it found nested while streaming), merged. A page without any has nothing to load;
 * malformed data throws.
 */
export function readFederationData(doc: Document = document): FederationData {
  const scripts = new Set<Element>(doc.querySelectorAll("script[data-tessera-federation]"));
  const head = doc.getElementById(SCRIPT_ID);
  if (head) scripts.add(head);
  const merged: FederationData = { remotes: [], components: {} };
  for (const script of scripts) {
    const text = script.textContent;
    if (!text) continue;
    const data = parseFederationData(text, script.id ? `#${script.id}` : "script[data-tessera-federation]");
    for (const remote of data.remotes)
      if (!merged.remotes.some((r) => r.name === remote.name)) merged.remotes.push(remote);
    Object.assign(merged.components, data.components);
  }
  return merged;
}
