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

/**
 * Reads and checks the page's federation data. A page without the script has nothing to load;
 * malformed data throws.
 */
export function readFederationData(doc: Document = document): FederationData {
  const text = doc.getElementById(SCRIPT_ID)?.textContent;
  if (!text) return { remotes: [], components: {} };
  const data: unknown = JSON.parse(text);
  const { remotes, components } = (data ?? {}) as Record<string, unknown>;
  if (!Array.isArray(remotes) || !remotes.every(isRemoteRef)) {
    throw new TypeError(`#${SCRIPT_ID}: "remotes" must be a list of {name, alias, entry}`);
  }
  if (typeof components !== "object" || components === null || !Object.values(components).every(isString)) {
    throw new TypeError(`#${SCRIPT_ID}: "components" must map tag names to module ids`);
  }
  return { remotes, components: components as Record<string, string> };
}
