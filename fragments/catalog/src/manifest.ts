/**
 * Build facts about the catalog fragment for the server side (composer, asset server).
 * Not part of the browser bundle.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PRODUCT_CARD_TAG, QUICK_VIEW_TAG } from "./tags";

const packageJson = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  version: string;
};

/** Absolute path of `fragments/catalog/dist`, where rspack writes `mf-manifest.json`, `remoteEntry.js` and chunks. */
export const distDir: string = fileURLToPath(new URL("../dist", import.meta.url));

/** The fragment's version, from its package.json. */
export const version: string = packageJson.version;

/**
 * The Module Federation remote: its container name, its manifest file (in `distDir`), and for each
 * exposed module the custom element that loading it defines.
 */
export const federation = {
  name: "tessera_catalog",
  version,
  manifest: "mf-manifest.json",
  exposes: { "./product-card": PRODUCT_CARD_TAG, "./quick-view": QUICK_VIEW_TAG },
} as const;
