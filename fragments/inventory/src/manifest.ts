/**
 * Build facts about the inventory fragments for the server side (the service, the asset server).
 * Not part of the browser bundle.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { STOCK_TAG } from "./tags";

const packageJson = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  version: string;
};

/** Absolute path of `fragments/inventory/dist`, where rspack writes `mf-manifest.json`, `remoteEntry.js` and chunks. */
export const distDir: string = fileURLToPath(new URL("../dist", import.meta.url));

/** The fragments' version, from their package.json. */
export const version: string = packageJson.version;

/**
 * The Module Federation remote: its container name, its manifest file (in `distDir`), and for each
 * exposed module the custom element that loading it defines.
 */
export const federation = {
  name: "tessera_inventory",
  version,
  manifest: "mf-manifest.json",
  exposes: { "./stock": STOCK_TAG },
} as const;
